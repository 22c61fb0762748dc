#include "modules/review/app/review.hpp"

#include <algorithm>
#include <bit>
#include <map>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <unordered_map>
#include <unordered_set>

#include "kernel/batch_review.hpp"
#include "kernel/classify.hpp"
#include "kernel/format_vi.hpp"
#include "kernel/placement.hpp"
#include "kernel/transition.hpp"
#include "platform/csv.hpp"
#include "platform/sequential_file.hpp"
#include "kernel/errors.hpp"

namespace giamngheo::app {
namespace {

char tri_char(Tri t) { return t == Tri::yes ? '1' : t == Tri::no ? '0' : '?'; }

Transition transition_of(const std::string& text) {
    Transition t = Transition::none;
    parse_transition(text, t);
    return t;
}

HouseholdClass class_of(const std::string& text) {
    HouseholdClass c = HouseholdClass::unclassified;
    parse_household_class(text, c);
    return c;
}

std::string tri_vi(Tri t) { return t == Tri::yes ? "thiếu hụt" : t == Tri::no ? "không thiếu hụt" : "chưa xác định"; }

}  // namespace

store::RoundRecord require_round(store::Store& store, std::int64_t round_id) {
    auto round = store.round(round_id);
    if (!round) throw_not_found("không có kỳ rà soát " + std::to_string(round_id));
    return *round;
}

void check_new_round(store::Store& store, const Environment& env, const RoundSpec& spec) {
    if (spec.kind != "periodic" || !spec.reason.empty()) return;
    const UnitCatalogue units = store.load_units();
    const Placer placer(units, env.area_rules());
    for (const auto& other : store.rounds())
        if (other.kind == "periodic" && other.year == spec.year && placer.scopes_overlap(other.scope, spec.scope, spec.reference_date))
            throw Error(ErrorKind::conflict, kReasonRequired,
                        "đã có kỳ rà soát định kỳ năm " + std::to_string(spec.year) + " (kỳ số " +
                            std::to_string(other.id) + ") cho phạm vi này; ghi lý do nếu cần chạy lại");
}

RunResult run_round(store::Store& store, const Environment& env, const RoundSpec& spec, const store::Actor& actor) {
    if (spec.kind != "periodic" && spec.kind != "regular")
        throw_invalid_input("loại rà soát \"" + spec.kind + "\" không hợp lệ; cần periodic hoặc regular", "kind");
    if (spec.year < kFirstReviewYear || spec.year > kLastReviewYear)
        throw_invalid_input("năm rà soát phải từ " + std::to_string(kFirstReviewYear) + " đến " +
                                std::to_string(kLastReviewYear),
                            "year");
    store::RoundRecord round;
    round.year = spec.year;
    round.kind = spec.kind;
    round.scope = spec.scope;
    round.reference_date = spec.reference_date;
    round.standard_document = env.standard_document(spec.standard);
    const Standard standard = standard_from_document(round.standard_document);
    round.standard_id = standard.id;

    const UnitCatalogue units = store.load_units();
    if (!spec.scope.empty() && !units.map_of(spec.scope, spec.reference_date))
        throw_invalid_input("phạm vi \"" + spec.scope + "\" không phải mã đơn vị hành chính đã nhập");
    const Placer placer(units, env.area_rules());
    check_new_round(store, env, spec);

    std::unordered_map<std::string, std::vector<PastResult>> history;
    for (const auto& past : store.approved_results_before(spec.reference_date))
        history[past.household_id].push_back(
            {past.reference_date, past.decision_date, class_of(past.household_class), transition_of(past.transition)});

    // The registry as columns, classified by the batch engine (which gives what classify()
    // gives household by household: tests/batch_review_test.cpp).
    const store::StoredImage stored = store.load_registry_image();
    const RegistryImage& image = stored.image;
    const std::size_t n = image.households();
    // Scope and the commune's area depend only on a household's units: decided once per pair.
    std::unordered_map<std::uint64_t, std::pair<bool, std::uint8_t>> by_units;
    std::vector<std::uint8_t> area(n);
    std::vector<std::uint32_t> in_scope;
    const std::unordered_set<std::string> only(spec.households.begin(), spec.households.end());
    for (std::uint32_t i = 0; i < n; ++i) {
        if (!only.empty() && !only.count(image.household_ids[i])) continue;
        const std::uint64_t key = image.unit_pair(i);
        auto found = by_units.find(key);
        if (found == by_units.end()) {
            const UnitRef unit{image.units.at(image.unit[i]), image.units.at(image.current_unit[i])};
            found = by_units.emplace(key, std::pair{placer.in_scope(unit, spec.scope, spec.reference_date),
                                                    code_id(CodeField::area, placer.area(unit, "", spec.reference_date))})
                        .first;
        }
        if (!found->second.first) continue;
        area[i] = image.area[i] ? image.area[i] : found->second.second;  // the household's own answer wins
        in_scope.push_back(i);
    }
    if (in_scope.size() < only.size())
        throw_not_found("có hộ được chọn không thuộc sổ hộ của phạm vi \"" + spec.scope + "\"");
    const BatchClassifier classifier(standard, round.reference_date, round.year, image);
    RoundColumns columns;
    columns.resize(n);
    classifier.classify(image, area, 0, n, columns);
    std::sort(in_scope.begin(), in_scope.end(),
              [&](std::uint32_t a, std::uint32_t b) { return image.household_ids[a] < image.household_ids[b]; });

    RunResult result;
    std::vector<store::ResultRow> rows;
    rows.reserve(in_scope.size());
    static const std::vector<PastResult> kNoPast;
    for (const auto i : in_scope) {
        const auto household_class = static_cast<HouseholdClass>(columns.household_class[i]);
        store::ResultRow row;
        row.household_id = image.household_ids[i];
        row.household_version = stored.version[i];
        row.unit_code = image.units.at(image.unit[i]);
        row.current_unit_code = image.units.at(image.current_unit[i]);
        row.village = image.villages.at(image.village[i]);
        row.area = area[i] ? codes_of(CodeField::area)[area[i] - 1u] : std::string{};
        row.household_class = to_string(household_class);
        row.income_test = to_string(static_cast<IncomeTest>(columns.income_test[i]));
        row.deprivation_count = std::popcount(columns.deprived[i]);
        row.score_b = row.deprivation_count * standard.score_b_per_deprivation;
        for (int k = 0; k < classifier.indicator_count(); ++k) {
            const std::uint32_t bit = 1u << k;
            row.indicators += (columns.deprived[i] & bit) ? '1' : (columns.unknown[i] & bit) ? '?' : '0';
        }
        row.flags = columns.flags[i];
        auto past = history.find(row.household_id);
        const TransitionOutcome t = transition_from(past == history.end() ? kNoPast : past->second, household_class,
                                                    spec.reference_date, standard.recently_escaped_months);
        row.transition = to_string(t.transition);
        row.recently_escaped = t.recently_escaped;
        row.members = static_cast<int>(image.member_begin[i + 1] - image.member_begin[i]);
        ++result.households;
        ++result.by_class[static_cast<int>(household_class)];
        rows.push_back(std::move(row));
    }
    store::Actor noted = actor;
    if (!spec.reason.empty()) noted.audit.push_back({"round.rerun", "", "", nlohmann::json{{"reason", spec.reason}}.dump()});
    result.round_id = store.save_round(round, rows, noted);
    return result;
}

std::vector<store::ResultRow> classify_again(store::Store& store, const Environment& env, std::int64_t round_id,
                                             const std::vector<std::string>& household_ids, const store::Actor& actor) {
    const store::RoundRecord round = require_round(store, round_id);
    if (round.status == store::RoundStatus::approved)
        throw_conflict("kỳ rà soát " + std::to_string(round_id) + " đã được phê duyệt: kết quả không thay đổi");
    const Standard standard = standard_from_document(round.standard_document);
    const UnitCatalogue units = store.units_of_round(round_id);
    const Placer placer(units, env.area_rules());
    const std::unordered_set<std::string> wanted(household_ids.begin(), household_ids.end());
    std::unordered_map<std::string, store::ResultRow> before;
    for (const auto& id : wanted)
        if (auto row = store.round_result(round_id, id)) before.emplace(id, std::move(*row));
    std::vector<store::ResultRow> rows;
    store::Actor noted = actor;
    for (const auto& id : household_ids) {
        const auto found = before.find(id);
        if (found == before.end()) throw_not_found("hộ \"" + id + "\" không có trong kỳ rà soát " + std::to_string(round_id));
        const auto stored = store.load_household(id, std::nullopt);
        if (!stored) throw_not_found("hộ \"" + id + "\" không còn trong sổ hộ");
        const Household& h = stored->household;
        store::ResultRow row = found->second;
        row.area = placer.area({row.unit_code, row.current_unit_code}, h.area, round.reference_date);
        const Classification c = classify(h, standard, {round.reference_date, round.year, row.area});
        row.household_version = stored->version;
        row.village = h.village;
        row.household_class = to_string(c.household_class);
        row.income_test = to_string(c.income_test);
        row.deprivation_count = c.deprivation_count;
        row.score_b = c.deprivation_count * standard.score_b_per_deprivation;
        row.indicators.clear();
        for (const auto& outcome : c.indicators) row.indicators += tri_char(outcome.value);
        row.flags = c.flags;
        std::vector<PastResult> past;
        for (const auto& p : store.household_results_before(id, round.reference_date))
            past.push_back({p.reference_date, p.decision_date, class_of(p.household_class), transition_of(p.transition)});
        const TransitionOutcome t =
            transition_from(past, c.household_class, round.reference_date, standard.recently_escaped_months);
        row.transition = to_string(t.transition);
        row.recently_escaped = t.recently_escaped;
        row.members = static_cast<int>(h.members.size());
        noted.audit.push_back({"round.reclassify", id, "round " + std::to_string(round_id),
                               nlohmann::json{{"class", {found->second.household_class, row.household_class}},
                                              {"version", {found->second.household_version, row.household_version}}}
                                   .dump()});
        rows.push_back(std::move(row));
    }
    store.replace_results(round_id, rows, noted);
    return rows;
}

void approve_round(store::Store& store, const Environment& env, std::int64_t round_id, const Date& decision_date,
                   const store::Actor& actor, const std::string& reason) {
    const auto round = require_round(store, round_id);
    if (round.status == store::RoundStatus::approved)
        throw_conflict("kỳ rà soát " + std::to_string(round_id) + " đã được phê duyệt");
    if (round.kind == "periodic") {
        const UnitCatalogue units = store.load_units();
        const Placer placer(units, env.area_rules());
        for (const auto& other : store.rounds()) {
            if (other.id == round.id || other.kind != "periodic" || !placer.scopes_overlap(other.scope, round.scope, round.reference_date))
                continue;
            if (other.year == round.year && other.status == store::RoundStatus::approved)
                throw_conflict("kỳ rà soát định kỳ năm " + std::to_string(round.year) + " (kỳ số " +
                               std::to_string(other.id) + ") đã được phê duyệt cho phạm vi này");
            if (other.year < round.year && other.status == store::RoundStatus::draft && reason.empty())
                throw Error(ErrorKind::conflict, kReasonRequired,
                            "kỳ rà soát năm " + std::to_string(other.year) + " (kỳ số " + std::to_string(other.id) +
                                ") chưa được phê duyệt; phê duyệt năm trước hoặc ghi lý do bỏ qua");
        }
    }
    if (decision_date < round.reference_date)
        throw_invalid_input("ngày quyết định " + decision_date.vietnamese() + " trước ngày tham chiếu " +
                                 round.reference_date.vietnamese());
    store::Actor noted = actor;
    if (!reason.empty())
        noted.audit.push_back({"round.approve_out_of_turn", "", "round " + std::to_string(round_id),
                               nlohmann::json{{"reason", reason}}.dump()});
    store.approve_round(round_id, decision_date, noted);
}

namespace {

std::vector<std::string> results_header(const store::RoundRecord& round) {
    const Standard standard = standard_from_document(round.standard_document);
    std::vector<std::string> header = {"household_id", "unit_code", "area", "class", "income_test",
                                       "deprivation_count", "score_b"};
    for (const auto& rule : standard.indicators) header.push_back(rule.key);
    for (const char* flag : kHouseholdFlagKeys) header.push_back(flag);
    header.push_back("transition");
    return header;
}

std::vector<std::string> results_row(const store::ResultRow& r) {
    std::vector<std::string> row = {r.household_id, r.unit_code, r.area, r.household_class, r.income_test,
                                    std::to_string(r.deprivation_count), std::to_string(r.score_b)};
    for (char v : r.indicators) row.push_back(v == '?' ? "" : std::string(1, v));
    for (int bit = 0; bit < kHouseholdFlagCount; ++bit) row.push_back((r.flags >> bit) & 1 ? "1" : "0");
    row.push_back(r.transition);
    return row;
}

}  // namespace

io::Table results_table(store::Store& store, std::int64_t round_id) {
    io::Table table;
    table.source = "results.csv";
    table.header = results_header(require_round(store, round_id));
    store.for_each_round_result(round_id, [&](const store::ResultRow& r) { table.rows.push_back(results_row(r)); });
    return table;
}

void write_results_csv(store::Store& store, std::int64_t round_id, const std::string& path) {
    const auto round = require_round(store, round_id);
    io::SequentialFileWriter out(path, io::PageCache::use, io::Appearance::when_closed);
    std::string text;
    io::append_csv_row(text, results_header(round));
    out.write(text);
    store.for_each_round_result(round_id, [&](const store::ResultRow& r) {
        text.clear();
        io::append_csv_row(text, results_row(r));
        out.write(text);
    });
    out.close();
}

RoundHousehold reclassify(store::Store& store, std::int64_t round_id, const std::string& household_id) {
    RoundHousehold out;
    out.round = require_round(store, round_id);
    out.standard = standard_from_document(out.round.standard_document);
    const auto row = store.round_result(round_id, household_id);
    if (!row) throw_not_found("hộ \"" + household_id + "\" không có trong kỳ rà soát " + std::to_string(round_id));
    out.result = *row;
    const auto stored = store.load_household(household_id, row->household_version);
    if (!stored) throw_fault("không tìm thấy phiên bản hồ sơ của hộ \"" + household_id + "\"");
    out.household = stored->household;
    out.classification = classify(out.household, out.standard, {out.round.reference_date, out.round.year, row->area});
    return out;
}

std::string explain(store::Store& store, std::int64_t round_id, const std::string& household_id) {
    return explanation_text(reclassify(store, round_id, household_id));
}

std::string explanation_text(const RoundHousehold& r) {
    const store::RoundRecord& round = r.round;
    const Standard& standard = r.standard;
    const Household& h = r.household;
    const Classification& c = r.classification;
    const store::ResultRow& result = r.result;

    std::map<std::string, std::string> names;
    for (const auto& m : h.members) names[m.member_id] = m.full_name.empty() ? m.member_id : m.full_name + " (" + m.member_id + ")";
    auto who = [&](const std::vector<std::string>& ids) {
        std::string out;
        for (const auto& id : ids) out += (out.empty() ? "" : ", ") + (names.count(id) ? names[id] : id);
        return out;
    };

    std::string text;
    text += "Hộ " + h.household_id + (h.head_name.empty() ? "" : " — chủ hộ " + h.head_name) + "\n";
    text += "Kỳ rà soát " + std::to_string(round.id) + " (" + (round.kind == "periodic" ? "định kỳ" : "thường xuyên") +
            " năm " + std::to_string(round.year) + ", ngày tham chiếu " + round.reference_date.vietnamese() +
            "), chuẩn " + standard.id + ": " + standard.name + "\n";
    text += "Căn cứ: " + standard.legal_source + "\n";
    text += "Khu vực: " + std::string(c.area == "urban" ? "thành thị" : c.area == "rural" ? "nông thôn" : "chưa xác định") +
            "; số thành viên: " + std::to_string(h.members.size()) + "\n\n";
    text += "Kết quả: " + std::string(vietnamese_name(c.household_class)) + "\n";
    text += "Lý do: " + c.reason + "\n";
    text += "Điểm B = " + std::to_string(c.score_b) + " (" + std::to_string(standard.score_b_per_deprivation) +
            " điểm × " + std::to_string(c.deprivation_count) + " chỉ số thiếu hụt); chỉ số chưa đủ thông tin: " +
            std::to_string(c.unknown_count) + "\n\n";
    text += "Các chỉ số thiếu hụt dịch vụ xã hội cơ bản:\n";
    for (std::size_t i = 0; i < standard.indicators.size(); ++i) {
        const auto& rule = standard.indicators[i];
        const auto& o = c.indicators[i];
        text += " " + std::to_string(i + 1) + ". " + rule.name + ": " + tri_vi(o.value);
        if (o.overridden)
            text += " (ghi trực tiếp trên phiếu B2, thay cho kết quả tính: " + tri_vi(o.computed) + ")";
        text += "\n";
        if (o.value == Tri::yes && !o.deciding_members.empty() && rule.kind != RuleKind::dependant_share)
            text += "    Thành viên: " + who(o.deciding_members) + "\n";
        if (!o.detail.empty()) text += "    " + o.detail + "\n";
        if (!rule.legal_source.empty() && o.value == Tri::yes) text += "    Quy định: " + rule.legal_source + "\n";
    }
    std::string flags;
    static const char* kFlagNames[] = {"hộ dân tộc thiểu số", "có người có công với cách mạng",
                                       "hộ chỉ gồm đối tượng bảo trợ xã hội", "hộ không có khả năng lao động",
                                       "chủ hộ là nữ"};
    for (int bit = 0; bit < kHouseholdFlagCount; ++bit)
        if (c.flags & (1 << bit)) flags += (flags.empty() ? "" : "; ") + std::string(kFlagNames[bit]);
    text += "\nĐặc điểm hộ: " + (flags.empty() ? std::string("không có") : flags) + "\n";
    const Transition transition = transition_of(result.transition);
    text += "Biến động so với kỳ trước: " +
            (transition == Transition::none ? std::string("không có (chưa có kỳ đã phê duyệt trước đó, hoặc không đổi diện)")
                                            : std::string(vietnamese_name(transition))) + "\n";
    if (result.recently_escaped) text += "Hộ mới thoát nghèo (trong " + std::to_string(standard.recently_escaped_months) + " tháng)\n";
    return text;
}

io::Table what_if(store::Store& store, const Environment& env, std::int64_t round_id, const std::string& standard_id) {
    const auto round = require_round(store, round_id);
    const Standard before = standard_from_document(round.standard_document);
    const Standard after = standard_from_document(env.standard_document(standard_id));
    io::Table table;
    table.source = "what-if";
    table.header = {"household_id", "unit_code", "class_" + before.id, "class_" + after.id,
                    "income_test_" + before.id, "income_test_" + after.id, "deprivations_" + before.id,
                    "deprivations_" + after.id, "indicator_changes"};
    for (const auto& r : store.round_results(round_id)) {
        const auto stored = store.load_household(r.household_id, r.household_version);
        if (!stored) continue;
        const ReviewContext context{round.reference_date, round.year, r.area};
        const Classification a = classify(stored->household, after, context);
        std::string changes;
        for (std::size_t j = 0; j < after.indicators.size(); ++j) {
            const int i = before.indicator_index(after.indicators[j].key);
            const char old_value = i < 0 ? '-' : r.indicators[static_cast<std::size_t>(i)];
            const char new_value = tri_char(a.indicators[j].value);
            const bool structural_no_change = old_value == '-' && new_value == '0';
            if (old_value != new_value && !structural_no_change)
                changes += (changes.empty() ? "" : ";") + after.indicators[j].key + ":" + old_value + ">" + new_value;
        }
        for (const auto& rule : before.indicators)
            if (after.indicator_index(rule.key) < 0 && r.indicators[static_cast<std::size_t>(before.indicator_index(rule.key))] != '0')
                changes += (changes.empty() ? "" : ";") + rule.key + ":" +
                           r.indicators[static_cast<std::size_t>(before.indicator_index(rule.key))] + ">-";
        if (r.household_class == to_string(a.household_class) && r.income_test == to_string(a.income_test) &&
            changes.empty())
            continue;
        table.rows.push_back({r.household_id, r.unit_code, r.household_class, to_string(a.household_class), r.income_test,
                              to_string(a.income_test), std::to_string(r.deprivation_count),
                              std::to_string(a.deprivation_count), changes});
    }
    return table;
}

HouseholdExplanation explain_household(const RoundHousehold& r) {
    const Standard& standard = r.standard;
    const Classification& c = r.classification;
    HouseholdExplanation out;
    out.text = explanation_text(r);
    out.household_class = to_string(c.household_class);
    out.income_test = to_string(c.income_test);
    out.reason = c.reason;
    for (std::size_t i = 0; i < standard.indicators.size(); ++i) {
        const auto& o = c.indicators[i];
        out.indicators.push_back({standard.indicators[i].key, standard.indicators[i].name,
                                  o.value == Tri::yes  ? "1"
                                  : o.value == Tri::no ? "0"
                                                       : "",
                                  o.detail, o.deciding_members, o.missing, o.overridden});
    }
    return out;
}

HouseholdExplanation explain_household(store::Store& store, std::int64_t round_id,
                                       const std::string& household_id) {
    return explain_household(reclassify(store, round_id, household_id));
}

std::optional<LiveExplanation> explain_current_record(store::Store& store, const RoundHousehold& at_round) {
    const auto current = store.load_household(at_round.result.household_id, std::nullopt);
    if (!current || current->version == at_round.result.household_version) return std::nullopt;
    RoundHousehold r = at_round;
    LiveExplanation out;
    out.current_version = current->version;
    r.household = current->household;
    r.result.household_version = current->version;
    r.result.transition.clear();  // transitions belong to rounds
    r.result.recently_escaped = false;
    r.classification = classify(r.household, r.standard, {r.round.reference_date, r.round.year, r.result.area});
    out.explanation = explain_household(r);
    return out;
}

}  // namespace giamngheo::app
