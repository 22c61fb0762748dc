// Reading one part of each file of the interchange format: households.csv into the columns of
// a batch, members.csv into records on disk (staged_pieces.hpp), every cell checked as it goes.
// These loops run on every core over every row of a national file: their speed is the import's.
#include "modules/registry/formats/interchange_read.hpp"

#include <algorithm>
#include <atomic>

#include "kernel/date.hpp"

namespace giamngheo::io::interchange_detail {

void read_households(RowStream& in, const ColumnMap& columns, const ExtraColumns& extras,
                     const std::vector<OverrideColumn>& overrides, const InterchangeRules& rules,
                     std::size_t room_bytes, ParsedHouseholds& out) {
    auto& problems = out.problems;
    HouseholdBatch& batch = out.batch;
    RegistryImage& image = batch.image;
    if (const std::size_t rows = room_bytes / kHouseholdRowBytes; rows > 0) {
        image.reserve(rows, 0);
        out.household_rows.reserve(rows);
        batch.head_name.reserve(rows);
        batch.household_extra.end.reserve(rows);
    }
    // Unit codes repeat over millions of rows: each is interned, and decided once by its id.
    std::vector<std::int8_t> unit_known_by_id;  // -1 until decided
    auto unit_known = [&](std::int32_t id) {
        const auto at = static_cast<std::size_t>(id);
        if (at >= unit_known_by_id.size()) unit_known_by_id.resize(at + 1, -1);
        if (unit_known_by_id[at] < 0) unit_known_by_id[at] = rules.unit_exists(image.units.at(id)) ? 1 : 0;
        return unit_known_by_id[at] == 1;
    };
    std::vector<std::string_view> fields;
    long row_number = 0;
    while (in.next(fields, row_number)) {
        const RowReader r(fields, row_number, in.source, columns, kHouseholdColumns, problems);
        r.check_shape(in.header);
        const std::string_view id = r.required(kHouseholdId);
        const std::string_view unit = r.required(kUnitCode);
        const std::int32_t unit_id = image.units.intern(unit);
        if (!unit.empty() && !unit_known(unit_id))
            r.problem(kUnitCode, "mã đơn vị \"" + std::string(unit) + "\" không có trong danh mục đơn vị hành chính");
        const std::string_view current_unit = r.view(kCurrentUnitCode);
        const std::int32_t current_unit_id = image.units.intern(current_unit);
        if (!current_unit.empty() && !unit_known(current_unit_id))
            r.problem(kCurrentUnitCode,
                      "mã đơn vị \"" + std::string(current_unit) + "\" không có trong danh mục đơn vị hành chính");
        const std::int32_t village = image.villages.intern(r.view(kVillage));
        const std::int32_t head = batch.names.intern(r.view(kHeadName));
        const std::uint8_t area = r.code(kArea, CodeField::area);
        const std::int64_t income = r.whole_number(kIncome);
        const double score_a = r.decimal(kScoreA);
        const std::uint8_t housing_type = r.code(kHousingType, CodeField::housing_type);
        const std::int64_t housing_area = r.thousandths(kHousingArea);
        const std::uint8_t water_source = r.code(kWaterSource, CodeField::water_source);
        const std::uint8_t latrine = r.code(kLatrine, CodeField::latrine);
        std::uint8_t assets = 0;
        if (const std::string_view list = r.view(kInfoAssets); list == "none") {
            assets = 0x80;
        } else if (!list.empty()) {
            assets = 0x80;
            std::size_t start = 0;
            while (start <= list.size()) {
                const auto end = std::min(list.find(';', start), list.size());
                const std::string_view item = trim(list.substr(start, end - start));
                std::uint8_t asset = code_id(CodeField::info_assets, item);
                if (asset == 0) asset = code_id_by_label(CodeField::info_assets, item);
                if (asset)
                    assets |= static_cast<std::uint8_t>(1u << asset);
                else
                    r.problem(kInfoAssets, "\"" + std::string(item) + "\" không hợp lệ; cần các giá trị " +
                                               accepted_values(CodeField::info_assets) + " cách nhau bởi dấu ;, hoặc none");
                start = end + 1;
            }
        }
        const std::uint8_t loudspeaker = r.boolean(kLoudspeaker);
        const std::uint8_t waste_treatment = r.code(kWasteTreatment, CodeField::waste_treatment);
        std::uint32_t override_known = 0, override_value = 0;
        for (const auto& o : overrides) {
            const std::uint8_t value = r.boolean_at(o.position, o.column);
            if (value == 2) continue;
            override_known |= o.bit;
            if (value == 1) override_value |= o.bit;
        }
        image.household_ids.emplace_back(id);
        out.household_rows.push_back(row_number);
        image.unit.push_back(unit_id);
        image.current_unit.push_back(current_unit_id);
        image.village.push_back(village);
        image.area.push_back(area);
        image.income.push_back(income);
        image.score_a.push_back(score_a);
        image.housing_type.push_back(housing_type);
        image.water_source.push_back(water_source);
        image.latrine.push_back(latrine);
        image.waste_treatment.push_back(waste_treatment);
        image.housing_area_milli_m2.push_back(housing_area);
        image.info_assets.push_back(assets);
        image.loudspeaker.push_back(loudspeaker);
        image.override_known.push_back(override_known);
        image.override_value.push_back(override_value);
        batch.head_name.push_back(head);
        append_extras(fields, extras, batch.household_extra);
    }
}

// How many members each household has, counted from several threads: a household's members
// usually follow each other, so each thread adds a run of them at once.
class MemberCounter {
public:
    explicit MemberCounter(std::vector<std::uint32_t>& counts) : counts_(counts) {}
    ~MemberCounter() { flush(); }
    void add(std::uint32_t household) {
        if (household != household_) flush();
        household_ = household;
        ++run_;
    }

private:
    void flush() {
        if (run_ > 0) std::atomic_ref<std::uint32_t>(counts_[household_]).fetch_add(run_, std::memory_order_relaxed);
        run_ = 0;
    }
    std::vector<std::uint32_t>& counts_;
    std::uint32_t household_ = kNoHousehold, run_ = 0;
};

MemberPart read_members(RowStream& in, const ColumnMap& columns, const ExtraColumns& extras, const InterchangeRules& rules,
                        const ShardedHouseholdIndex& households, const StagedPieces& staged,
                        const std::string& spill_directory, bool keep_members, std::size_t id_runs,
                        std::vector<std::uint32_t>& member_counts) {
    MemberPart out;
    out.staged.file = std::make_unique<SpillFile>(spill_directory);
    out.staged.members = std::make_unique<SpillRuns>(*out.staged.file, std::max<std::size_t>(1, staged.pieces()));
    out.ids = std::make_unique<SpillRuns>(*out.staged.file, id_runs);
    MemberCounter counter(member_counts);
    std::string record, last_household_id;
    std::uint32_t last_owner = kNoHousehold;
    std::size_t last_piece = 0;
    std::vector<std::string_view> fields;
    long row_number = 0;
    while (in.next(fields, row_number)) {
        const RowReader r(fields, row_number, in.source, columns, kMemberColumns, out.problems);
        r.check_shape(in.header);
        const std::string_view household_id = r.required(kMemberHouseholdId);
        const std::string_view member_id = r.required(kMemberId);
        const std::int32_t full_name = out.staged.names.intern(r.view(kFullName));
        const std::uint8_t relation = r.code(kRelation, CodeField::relation);
        const std::uint8_t sex = r.code(kSex, CodeField::sex);
        const std::string_view birth = r.required(kBirthDate);
        Date birth_date;
        bool year_only = false;
        if (!birth.empty()) {
            if (birth.size() == 4 && all_digits(birth) && birth != "0000") {
                birth_date = Date{std::stoi(std::string(birth)), 7, 1};
                year_only = true;
            } else if (auto date = parse_iso_date(birth)) {
                birth_date = *date;
            } else if (auto typed = parse_vietnamese_date(birth)) {  // 23/04/1967 as typed in Excel
                birth_date = *typed;
            } else {
                r.problem(kBirthDate, "ngày \"" + std::string(birth) +
                                          "\" không hợp lệ; cần ngày có thật dạng YYYY-MM-DD hoặc DD/MM/YYYY, hoặc chỉ năm YYYY");
            }
            if (birth_date.year != 0 && rules.today.year != 0 &&
                (year_only ? birth_date.year > rules.today.year : rules.today < birth_date))
                r.problem(kBirthDate, "ngày sinh " + std::string(birth) + " sau ngày hiện tại " + rules.today.iso());
        }
        const std::int32_t ethnicity = out.staged.ethnicities.intern(r.view(kEthnicity));
        const std::uint8_t disability = r.code(kDisability, CodeField::disability);
        std::uint16_t flag_known = 0, flag_value = 0;
        for (const auto& [column, bit] : kMemberFlags) {
            const std::uint8_t value = r.boolean(column);
            if (value == 2) continue;
            flag_known |= bit;
            if (value == 1) flag_value |= bit;
        }
        const std::uint8_t employment = r.code(kEmployment, CodeField::employment);
        const std::uint8_t attending = r.code(kAttendingLevel, CodeField::attending_level);
        const std::uint8_t completed = r.code(kCompletedLevel, CodeField::completed_level);
        const std::string_view personal_id = r.view(kPersonalId);
        if (!personal_id.empty() && birth_date.year != 0) {
            const std::string reason = personal_id_reason(personal_id, birth_date.year, sex);
            if (!reason.empty()) r.problem(kPersonalId, reason);
        }

        const auto row = static_cast<std::uint32_t>(row_number);
        std::uint32_t owner = kNoHousehold;
        if (!household_id.empty()) {  // an empty one is already a problem of its own
            // A household's members usually follow each other: its id is looked up once for
            // them all.
            if (household_id != last_household_id) {
                last_household_id.assign(household_id);
                last_owner = households.find_after(last_owner, household_id).value_or(kNoHousehold);
                if (last_owner != kNoHousehold) last_piece = staged.position[last_owner] / staged.piece_size;
            }
            owner = last_owner;
            if (owner == kNoHousehold) out.unknown_household.emplace_back(row, std::string(household_id));
        }
        if (!member_id.empty()) {
            const std::size_t run = std::hash<std::string_view>{}(member_id) % id_runs;
            std::string& ids = out.ids->buffer(run);
            put_text(ids, member_id);
            put_number(ids, row);
            put_number(ids, owner);
            out.ids->added(run);
        }
        if (owner == kNoHousehold) continue;
        counter.add(owner);
        if (relation == 1) out.heads.emplace_back(row, owner);
        if (!keep_members) continue;
        record.clear();
        put_number(record, owner);
        put_varint(record, static_cast<std::uint64_t>(full_name));
        put_varint(record, static_cast<std::uint64_t>(ethnicity));
        put_number(record, static_cast<std::int16_t>(birth_date.year));
        put_number(record, static_cast<std::uint8_t>(birth_date.month));
        put_number(record, static_cast<std::uint8_t>(birth_date.day));
        for (const std::uint8_t code : {sex, relation, disability, employment, attending, completed})
            put_number(record, code);
        put_number(record, static_cast<std::uint8_t>(year_only ? 1 : 0));
        put_number(record, flag_known);
        put_number(record, flag_value);
        const auto shared = static_cast<std::size_t>(
            std::mismatch(member_id.begin(), member_id.end(), household_id.begin(), household_id.end()).first -
            member_id.begin());
        put_varint(record, shared);
        put_text(record, member_id.substr(shared));
        put_personal_id(record, personal_id);
        put_extras(record, fields, extras);
        std::string& run = out.staged.members->buffer(last_piece);
        put_varint(run, record.size());
        run.append(record);
        out.staged.members->added(last_piece);
    }
    out.staged.members->finish();
    out.ids->finish();
    return out;
}

}  // namespace giamngheo::io::interchange_detail
