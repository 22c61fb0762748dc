#include "cli/store_commands.hpp"

#include <filesystem>
#include <iostream>

#include "platform/csv.hpp"
#include "storage/store_copy.hpp"
#include "storage/store_digest.hpp"

namespace giamngheo::cli {
namespace {

struct StoreOptions {
    std::string out, from, to;
    bool dry_run = false;
    std::string unit;
};

// What a copy wrote, or would write.
std::string copy_counts(const store::CopySummary& c) {
    return (c.units_copied ? std::string("danh mục đơn vị, ") : std::string()) + std::to_string(c.households.created) +
           " hộ mới, " + std::to_string(c.households.updated) + " hộ cập nhật, " + std::to_string(c.households.unchanged) +
           " hộ không đổi; " + std::to_string(c.rounds_copied) + " kỳ rà soát (" + std::to_string(c.rounds_present) + " kỳ đã có" +
           (c.rounds_approved ? ", " + std::to_string(c.rounds_approved) + " kỳ được phê duyệt theo kho nguồn" : std::string()) +
           "); quy trình rà soát của " + std::to_string(c.cases_copied) + " hộ (" +
           std::to_string(c.cases_present) + " đã có); " + std::to_string(c.requests_copied) + " đơn đề nghị (" +
           std::to_string(c.requests_present) + " đã có); " + std::to_string(c.plans_copied) + " kế hoạch (" +
           std::to_string(c.plans_present) + " đã có); " + std::to_string(c.visits_copied) +
           " lần theo dõi hộ thoát nghèo (" + std::to_string(c.visits_present) + " đã có); " +
           std::to_string(c.reports_copied) + " báo cáo (" + std::to_string(c.reports_present) + " đã có); " +
           std::to_string(c.users_copied) + " người dùng của các xã (" + std::to_string(c.users_present) + " đã có, " +
           std::to_string(c.users_left) + " không thuộc các xã được chép); " + std::to_string(c.audit_copied) +
           " sự kiện nhật ký thao tác (" + std::to_string(c.audit_present) + " đã có)";
}

void print_digest(const std::string& location) {
    std::cout << store::to_text(store::digest_store(*store::open_store(location)));
}

}  // namespace

void register_store_commands(CLI::App& cli, Context& context) {
    auto options = std::make_shared<StoreOptions>();

    auto* backup = cli.add_subcommand(
        "backup", "Write a consistent copy of the store (--db) while it is in use: SQLite's online backup, or pg_dump");
    backup->add_option("--out", options->out, "Backup file (written whole or not at all)")->required();
    backup->callback([&context, options] {
        store::backup_store(context.db, options->out);
        std::cerr << "Đã sao lưu vào " << options->out << " (" << std::filesystem::file_size(options->out)
                  << " byte)\n";
        throw CLI::Success();
    });

    auto* restore = cli.add_subcommand(
        "restore", "Restore a backup into an empty store (--db), all or nothing, and print its digest to compare");
    restore->add_option("--from", options->from, "Backup file written by `backup`")->required();
    restore->callback([&context, options] {
        store::restore_store(options->from, context.db);
        std::cerr << "Đã khôi phục " << options->from << "; dấu kiểm của kho đã khôi phục:\n";
        print_digest(context.db);
        throw CLI::Success();
    });

    auto* group = cli.add_subcommand("store", "The store as a whole: its digest, its provinces' partitions, a copy into another store");
    group->require_subcommand(1);
    auto* digest = group->add_subcommand(
        "digest", "Counts and hashes of the units, households and rounds, the same on every engine");
    digest->callback([&context] {
        print_digest(context.db);
        throw CLI::Success();
    });
    auto* provinces = group->add_subcommand(
        "provinces", "Each province's partitions (PostgreSQL): households, members, results and bytes on disk, as CSV");
    provinces->callback([&context] {
        const auto shares = store::province_shares(context.db);
        std::cout << "province_code,province,households,members,results,bytes\n";
        for (const auto& p : shares) {
            std::string name;
            io::append_csv_field(name, p.province_name);
            std::cout << p.province_code << ',' << name << ',' << p.households << ',' << p.members << ','
                      << p.results << ',' << p.bytes << '\n';
        }
        throw CLI::Success();
    });
    auto* copy = group->add_subcommand(
        "copy", "Copy the units, the households as they are, the rounds with their review procedure, requests, plans, follow-up visits, reports and the communes' users from one store into another (either engine)");
    copy->add_option("--from", options->from, "Source store: an SQLite file, sqlite:PATH or postgresql://…")->required();
    copy->add_option("--to", options->to, "Target store")->required();
    copy->add_flag("--dry-run", options->dry_run, "Make every check and say what would be copied; write nothing");
    copy->add_option("--unit", options->unit,
                     "Only what lies within this unit, on either map (a commune's extract to work offline): its households, "
                     "their results and cases, its requests, plans, reports and users; copy it back with the same --unit");
    copy->callback([&context, options] {
        store::CopyRun run{context.actor, !options->dry_run, context.env.today, options->unit,
                           store::shown_location(options->from)};
        run.actor.source = store::kCopySource;
        const auto from = store::open_store(options->from);
        const auto to = store::open_store(options->to);
        const auto from_plans = store::open_plan_store(options->from), to_plans = store::open_plan_store(options->to);
        const auto from_visits = store::open_follow_up_store(options->from),
                   to_visits = store::open_follow_up_store(options->to);
        const auto from_reports = store::open_report_store(options->from),
                   to_reports = store::open_report_store(options->to);
        const auto from_procedures = store::open_procedure_store(options->from),
                   to_procedures = store::open_procedure_store(options->to);
        const auto from_accounts = store::open_account_store(options->from),
                   to_accounts = store::open_account_store(options->to);
        const auto summary =
            store::copy_store({*from, *from_plans, *from_visits, *from_reports, *from_procedures, *from_accounts},
                              {*to, *to_plans, *to_visits, *to_reports, *to_procedures, *to_accounts}, run);
        if (summary.unit_from_mark)
            std::cerr << "Kho nguồn là bản trích xuất của đơn vị " << summary.unit << ": chỉ chép những gì thuộc đơn vị đó\n";
        if (options->dry_run) {
            std::cerr << "Chạy thử, chưa ghi gì; sẽ chép: " << copy_counts(summary) << "\n";
            if (summary.target_marked)
                std::cerr << "Kho đích sẽ là bản trích xuất của đơn vị " << summary.unit << "\n";
            throw CLI::Success();
        }
        std::cerr << "Đã chép: " << copy_counts(summary) << "\n";
        const auto source = store::digest_store(*from), target = store::digest_store(*to);
        std::cout << store::to_text(target);
        if (!summary.unit.empty())
            std::cerr << "Chỉ những gì thuộc đơn vị " << summary.unit << "; mọi hộ của đơn vị ở kho nguồn đã được đối chiếu "
                         "có trong kho đích\n";
        else if (source.registry_hash != target.registry_hash || source.rounds_hash != target.rounds_hash)
            std::cerr << "Kho đích có thêm dữ liệu ngoài bản chép nên dấu kiểm khác kho nguồn; mọi hộ của kho nguồn "
                         "đã được đối chiếu có trong kho đích\n";
        if (summary.target_marked)
            std::cerr << "Kho đích là bản trích xuất của đơn vị " << summary.unit << ": chép về máy chủ bằng store copy "
                         "(không cần --unit)\n";
        throw CLI::Success();
    });
}

}  // namespace giamngheo::cli
