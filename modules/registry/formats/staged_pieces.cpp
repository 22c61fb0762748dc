// The member records of staged_pieces.hpp read back into the pieces the store writes.
#include "modules/registry/formats/staged_pieces.hpp"

#include <algorithm>

namespace giamngheo::io::interchange_detail {

// A member id and a personal id are usually about this long (room is made for them by it).
constexpr std::size_t kMemberIdBytes = 20, kPersonalIdBytes = 12;

void put_personal_id(std::string& out, std::string_view id) {
    if (id.size() == 12 && all_digits(id)) {
        std::uint64_t number = 0;
        for (const char c : id) number = number * 10 + static_cast<std::uint64_t>(c - '0');
        put_varint(out, 0);
        out.append(reinterpret_cast<const char*>(&number), 5);  // 10^12 < 2^40, little-endian
        return;
    }
    put_varint(out, id.size() + 1);
    out.append(id);
}

void append_personal_id(RecordReader& r, TextColumn& into) {
    const auto tag = r.varint();
    if (tag > 0) {
        into.append(r.text_of(static_cast<std::size_t>(tag - 1)));
        return;
    }
    std::uint64_t number = 0;
    r.bytes(&number, 5);
    char digits[12];
    for (int k = 11; k >= 0; --k, number /= 10) digits[k] = static_cast<char>('0' + number % 10);
    into.append(std::string_view(digits, 12));
}

RunOfParts read_run(const std::vector<const SpillRuns*>& writers, std::size_t run) {
    RunOfParts out;
    std::size_t size = 0;
    for (const auto* writer : writers) size += writer->bytes(run);
    out.bytes = std::make_unique_for_overwrite<char[]>(size);
    std::size_t at = 0;
    for (const auto* writer : writers) {
        writer->read(run, out.bytes.get() + at);
        at += writer->bytes(run);
        out.part_end.push_back(at);
    }
    return out;
}

HouseholdBatch StagedPieces::piece(std::size_t k) const {
    const std::size_t first = k * piece_size, last = std::min(order.size(), first + piece_size);
    HouseholdBatch out = HouseholdBatch::select_households(
        household_columns, std::vector<std::uint32_t>(order.begin() + static_cast<std::ptrdiff_t>(first),
                                               order.begin() + static_cast<std::ptrdiff_t>(last)));
    RegistryImage& g = out.image;
    std::vector<const SpillRuns*> runs;
    for (const auto& part : parts) runs.push_back(part.members.get());
    const RunOfParts run = read_run(runs, k);
    const char* const bytes = run.bytes.get();
    // Where each record's body starts, its part and household; then a counting sort by
    // household, which keeps each household's members in file order.
    std::vector<std::uint32_t> body, slot;
    std::vector<std::uint16_t> part_of;
    std::vector<std::uint32_t>& begin = g.member_begin;
    std::size_t at = 0;
    for (std::uint16_t p = 0; p < parts.size(); ++p) {
        while (at < run.part_end[p]) {
            RecordReader r(bytes + at);
            const auto record_size = static_cast<std::size_t>(r.varint());
            const auto start = static_cast<std::size_t>(r.position() - bytes);
            const std::uint32_t household = position[r.number<std::uint32_t>()] - static_cast<std::uint32_t>(first);
            body.push_back(static_cast<std::uint32_t>(start));
            slot.push_back(household);
            part_of.push_back(p);
            ++begin[household + 1];
            at = start + record_size;
        }
    }
    for (std::size_t i = 0; i + 1 < begin.size(); ++i) begin[i + 1] += begin[i];
    std::vector<std::uint32_t> sorted(body.size()), next(begin.begin(), begin.end() - 1);
    for (std::uint32_t record = 0; record < body.size(); ++record) sorted[next[slot[record]]++] = record;

    std::vector<StringRemap> names, ethnicities;
    for (const auto& part : parts) {
        names.emplace_back(part.names, out.names);
        ethnicities.emplace_back(part.ethnicities, g.ethnicities);
    }
    StringRemap extra_names(household_columns.extra_names, out.extra_names);
    g.reserve(0, body.size());
    out.full_name.reserve(body.size());
    out.birth_year_only.reserve(body.size());
    out.member_id.reserve(body.size(), body.size() * kMemberIdBytes);
    out.personal_id.reserve(body.size(), body.size() * kPersonalIdBytes);
    out.member_extra.end.reserve(body.size());
    // In household order the records are scattered over the run: each is fetched a few records
    // ahead, so that their cache misses overlap instead of following one another.
    constexpr std::size_t kAhead = 8;
    for (std::size_t i = 0; i < sorted.size(); ++i) {
        if (i + kAhead < sorted.size()) {
            const char* ahead = bytes + body[sorted[i + kAhead]];
            __builtin_prefetch(ahead);
            __builtin_prefetch(ahead + 64);
        }
        const std::uint32_t record = sorted[i];
        const std::size_t p = part_of[record];
        RecordReader r(bytes + body[record]);
        r.number<std::uint32_t>();  // the household, placed already
        out.full_name.push_back(names[p](static_cast<std::int32_t>(r.varint())));
        g.ethnicity.push_back(ethnicities[p](static_cast<std::int32_t>(r.varint())));
        g.birth_year.push_back(r.number<std::int16_t>());
        g.birth_month.push_back(r.number<std::uint8_t>());
        g.birth_day.push_back(r.number<std::uint8_t>());
        g.sex.push_back(r.number<std::uint8_t>());
        g.relation.push_back(r.number<std::uint8_t>());
        g.disability.push_back(r.number<std::uint8_t>());
        g.employment.push_back(r.number<std::uint8_t>());
        g.attending_level.push_back(r.number<std::uint8_t>());
        g.completed_level.push_back(r.number<std::uint8_t>());
        out.birth_year_only.push_back(r.number<std::uint8_t>());
        g.flag_known.push_back(r.number<std::uint16_t>());
        g.flag_value.push_back(r.number<std::uint16_t>());
        const std::string& household_id = g.household_ids[slot[record]];
        const auto shared = static_cast<std::size_t>(r.varint());
        out.member_id.append(household_id.substr(0, shared), r.text());
        append_personal_id(r, out.personal_id);
        for (auto extras = r.varint(); extras > 0; --extras) {
            out.member_extra.name.push_back(extra_names(static_cast<std::int32_t>(r.varint())));
            out.member_extra.value.append(r.text());
        }
        out.member_extra.close_row();
    }
    return out;
}

void put_extras(std::string& out, const std::vector<std::string_view>& fields, const ExtraColumns& columns) {
    std::size_t count = 0;
    for (const auto& [position, name] : columns) count += position < fields.size() && !fields[position].empty();
    put_varint(out, count);
    for (const auto& [position, name] : columns) {
        if (position >= fields.size() || fields[position].empty()) continue;
        put_varint(out, static_cast<std::uint64_t>(name));
        put_text(out, fields[position]);
    }
}

}  // namespace giamngheo::io::interchange_detail
