#include "storage/postgres/tables.hpp"

#include "kernel/errors.hpp"

namespace giamngheo::store::postgres {

void notify_round_changed(Connection& db, std::int64_t round_id) {
    Statement s(db, "SELECT pg_notify($1, $2)");
    s.bind(1, std::string(kRoundsChannel)).bind(2, round_id).run();
}

std::int64_t insert_round(Connection& db, RoundRecord round, const std::vector<ResultRow>& results,
                          const Actor& actor, std::int64_t change_set) {
    round.id = scalar(db, "SELECT COALESCE(MAX(id), 0) + 1 FROM rounds");
    round.registry_change_set =
        scalar(db, "SELECT COALESCE(MAX(change_set), 0) FROM household_versions");
    Statement insert(
        db,
        "INSERT INTO rounds (id, year, kind, scope, reference_date, standard_id, standard_document, "
        "registry_change_set, status, decision_date, created_change_set) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'draft', NULL, $9)");
    insert.bind(1, round.id)
        .bind(2, round.year)
        .bind(3, round.kind)
        .bind(4, round.scope)
        .bind(5, round.reference_date.iso())
        .bind(6, round.standard_id)
        .bind(7, round.standard_document)
        .bind(8, round.registry_change_set)
        .bind(9, change_set)
        .run();
    // A round is every household of its scope: its results go a few thousand per statement.
    constexpr std::size_t kRowsPerStatement = 5000;
    const std::string id = std::to_string(round.id);
    RowBatch rows(16);
    auto flush = [&] {
        // In the partition of the household's province (the round runs on the registry as it is).
        rows.run(db, "INSERT INTO round_results (province_code, round_id, household_id, household_version, unit_code, "
                     "current_unit_code, village, area, class, income_test, deprivation_count, score_b, "
                     "indicators, flags, transition, recently_escaped, members) SELECT COALESCE(p.province_code, ''), "
                     "u.* FROM unnest($1::bigint[], "
                     "$2::text[], $3::int[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], "
                     "$10::int[], $11::int[], $12::text[], $13::int[], $14::text[], $15::int[], $16::int[]) AS u "
                     "(round_id, household_id, household_version, unit_code, current_unit_code, village, area, class, "
                     "income_test, deprivation_count, score_b, indicators, flags, transition, recently_escaped, members) "
                     "LEFT JOIN unit_provinces p ON p.unit_code = u.unit_code");
    };
    for (const auto& r : results) {
        rows.add({id, r.household_id, std::to_string(r.household_version), r.unit_code, r.current_unit_code, r.village,
                  r.area, r.household_class, r.income_test, std::to_string(r.deprivation_count),
                  std::to_string(r.score_b), r.indicators, std::to_string(r.flags), r.transition,
                  r.recently_escaped ? "1" : "0", std::to_string(r.members)});
        if (rows.size() == kRowsPerStatement) flush();
    }
    flush();
    Actor noted = actor;  // the round's id is known only now
    for (auto& note : noted.audit)
        if (note.target.empty()) note.target = "round " + std::to_string(round.id);
    insert_audit(db, change_set, noted);
    notify_round_changed(db, round.id);
    return round.id;
}

void approve_round(Connection& db, std::int64_t id, const Date& decision_date, const Actor& actor,
                   std::int64_t change_set) {
    Statement s(db,
                "UPDATE rounds SET status = 'approved', decision_date = $2, approved_change_set = $3 "
                "WHERE id = $1 AND status = 'draft'");
    if (s.bind(1, id).bind(2, decision_date.iso()).bind(3, change_set).run() != 1)
        throw_conflict("kỳ rà soát " + std::to_string(id) + " không ở trạng thái nháp");
    insert_audit(db, change_set, actor);
    notify_round_changed(db, id);
}

namespace {

const char* const kResultColumns =
    "SELECT household_id, household_version, unit_code, current_unit_code, village, area, class, "
    "income_test, deprivation_count, score_b, indicators, flags, transition, recently_escaped, members "
    "FROM round_results WHERE round_id = $1";

ResultRow result_row(const Statement& s) {
    ResultRow r;
    r.household_id = s.text(0);
    r.household_version = s.integer(1);
    r.unit_code = s.text(2);
    r.current_unit_code = s.text(3);
    r.village = s.text(4);
    r.area = s.text(5);
    r.household_class = s.text(6);
    r.income_test = s.text(7);
    r.deprivation_count = static_cast<int>(s.integer(8));
    r.score_b = static_cast<int>(s.integer(9));
    r.indicators = s.text(10);
    r.flags = static_cast<int>(s.integer(11));
    r.transition = s.text(12);
    r.recently_escaped = s.integer(13) != 0;
    r.members = static_cast<int>(s.integer(14));
    return r;
}

}  // namespace

void for_each_round_result(Connection& db, std::int64_t id, const std::function<void(const ResultRow&)>& visit) {
    Statement s(db, std::string(kResultColumns) + " ORDER BY household_id");
    s.bind(1, id);
    while (s.step()) visit(result_row(s));
}

std::optional<ResultRow> round_result(Connection& db, std::int64_t id, const std::string& household_id) {
    Statement s(db, std::string(kResultColumns) + " AND household_id = $2");
    s.bind(1, id).bind(2, household_id);
    if (!s.step()) return std::nullopt;
    return result_row(s);
}

std::vector<PastRow> approved_results_before(Connection& db, const Date& before) {
    Statement s(db,
                "SELECT x.household_id, r.id, r.reference_date, r.decision_date, x.class, x.transition "
                "FROM round_results x JOIN rounds r ON r.id = x.round_id "
                "WHERE r.status = 'approved' AND r.reference_date < $1 ORDER BY r.reference_date, r.id");
    s.bind(1, before.iso());
    std::vector<PastRow> out;
    while (s.step())
        out.push_back({s.text(0), s.integer(1), parse_iso_date(s.text(2)).value(), read_date(s, 3), s.text(4),
                       s.text(5)});
    return out;
}

std::vector<PastRow> household_results_before(Connection& db, const std::string& household_id, const Date& before) {
    Statement s(db,
                "SELECT x.household_id, r.id, r.reference_date, r.decision_date, x.class, x.transition "
                "FROM round_results x JOIN rounds r ON r.id = x.round_id "
                "WHERE r.status = 'approved' AND r.reference_date < $1 AND x.household_id = $2 "
                "ORDER BY r.reference_date, r.id");
    s.bind(1, before.iso()).bind(2, household_id);
    std::vector<PastRow> out;
    while (s.step())
        out.push_back({s.text(0), s.integer(1), parse_iso_date(s.text(2)).value(), read_date(s, 3), s.text(4),
                       s.text(5)});
    return out;
}

void replace_results(Connection& db, std::int64_t round_id, const std::vector<ResultRow>& results, const Actor& actor,
                     std::int64_t change_set) {
    {  // the round stays draft until the transaction ends (a write lock on SQLite, FOR UPDATE on PostgreSQL)
        Statement status(db, "SELECT status FROM rounds WHERE id = $1 FOR UPDATE");
        status.bind(1, round_id);
        if (!status.step()) throw_not_found("không có kỳ rà soát " + std::to_string(round_id));
        if (status.text(0) != "draft")
            throw_conflict("kỳ rà soát " + std::to_string(round_id) + " đã được phê duyệt: kết quả không thay đổi");
    }
    Statement update(db,
                     "UPDATE round_results SET household_version = $3, unit_code = $4, current_unit_code = $5, "
                     "village = $6, area = $7, class = $8, income_test = $9, deprivation_count = $10, score_b = $11, "
                     "indicators = $12, flags = $13, transition = $14, recently_escaped = $15, members = $16 "
                     "WHERE round_id = $1 AND household_id = $2");
    for (const auto& r : results) {
        update.bind(1, round_id)
            .bind(2, r.household_id)
            .bind(3, r.household_version)
            .bind(4, r.unit_code)
            .bind(5, r.current_unit_code)
            .bind(6, r.village)
            .bind(7, r.area)
            .bind(8, r.household_class)
            .bind(9, r.income_test)
            .bind(10, r.deprivation_count)
            .bind(11, r.score_b)
            .bind(12, r.indicators)
            .bind(13, r.flags)
            .bind(14, r.transition)
            .bind(15, r.recently_escaped ? 1 : 0)
            .bind(16, r.members);
        if (update.run() != 1)
            throw_not_found("hộ \"" + r.household_id + "\" không có trong kỳ rà soát " + std::to_string(round_id));
    }
    Statement mark(db, "UPDATE rounds SET results_change_set = $2 WHERE id = $1");
    mark.bind(1, round_id).bind(2, change_set).run();
    insert_audit(db, change_set, actor);
    notify_round_changed(db, round_id);
}

std::vector<RoundRecord> select_rounds(Connection& db, std::optional<std::int64_t> id) {
    const std::string where = id ? "WHERE r.id = $1" : "";
    const std::string sql =
        "SELECT r.id, r.year, r.kind, r.scope, r.reference_date, r.standard_id, r.standard_document, "
        "r.registry_change_set, r.status, r.decision_date, c.at, a.at, r.results_change_set FROM rounds r "
        "JOIN change_sets c ON c.id = r.created_change_set LEFT JOIN change_sets a ON a.id = "
        "r.approved_change_set " +
        where + " ORDER BY r.id";
    Statement s(db, sql);
    if (id) s.bind(1, *id);
    std::vector<RoundRecord> out;
    while (s.step()) {
        RoundRecord r;
        r.id = s.integer(0);
        r.year = static_cast<int>(s.integer(1));
        r.kind = s.text(2);
        r.scope = s.text(3);
        r.reference_date = parse_iso_date(s.text(4)).value();
        r.standard_id = s.text(5);
        r.standard_document = s.text(6);
        r.registry_change_set = s.integer(7);
        r.status = s.text(8) == "approved" ? RoundStatus::approved : RoundStatus::draft;
        r.decision_date = read_date(s, 9);
        r.created_at = s.text(10);
        r.approved_at = s.text(11);
        r.results_change_set = s.integer(12);
        out.push_back(std::move(r));
    }
    return out;
}

}  // namespace giamngheo::store::postgres
