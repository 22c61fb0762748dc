#include "storage/sqlite/household_segment.hpp"

#include "kernel/errors.hpp"

#include <zstd.h>

#include <algorithm>
#include <bit>
#include <cstring>
#include <memory>
#include <new>
#include <stdexcept>

namespace giamngheo::store {
namespace {

static_assert(std::endian::native == std::endian::little, "segments are stored little-endian");

constexpr std::string_view kMagic{"GNSEG\x01\0\0", 8};
constexpr std::string_view kCompressedMagic{"GNSEG\x02\0\0", 8};
// Fast settings: an import compresses on every core while SQLite writes, and what it saves is
// disk writes (a segment shrinks about 4.4 times).
constexpr int kCompressionLevel = 1;

// What a column belongs to: the RegistryImage, or the text beside it (names, ids, extra
// answers), which a reader of the image alone steps over.
enum class Part { image, text };

class Writer {
public:
    explicit Writer(std::string& out) : out_(out) { out_.append(kMagic); }
    void bytes(std::string_view data) {
        const std::uint64_t size = data.size();
        out_.append(reinterpret_cast<const char*>(&size), sizeof size);
        out_.append(data);
    }
    template <class T>
    void array(Part, const std::vector<T>& values) {
        bytes(std::string_view(reinterpret_cast<const char*>(values.data()), values.size() * sizeof(T)));
    }
    // A running total (string ends, member and answer offsets) as the differences, each in the
    // narrowest width that holds the largest: usually one byte instead of eight.
    template <class T>
    void cumulative(Part, const std::vector<T>& ends, std::size_t skip_first) {
        std::uint64_t previous = 0, widest = 0;
        for (std::size_t i = skip_first; i < ends.size(); ++i) {
            widest = std::max<std::uint64_t>(widest, ends[i] - previous);
            previous = ends[i];
        }
        const int width = widest < (1u << 8) ? 1 : widest < (1u << 16) ? 2 : widest < (1ull << 32) ? 4 : 8;
        std::string packed(1, static_cast<char>(width));
        packed.reserve(1 + ends.size() * static_cast<std::size_t>(width));
        previous = 0;
        for (std::size_t i = skip_first; i < ends.size(); ++i) {
            const std::uint64_t difference = ends[i] - previous;
            packed.append(reinterpret_cast<const char*>(&difference), static_cast<std::size_t>(width));
            previous = ends[i];
        }
        bytes(packed);
    }
    void text(Part part, const TextColumn& column) {
        bytes(column.bytes());
        cumulative(part, column.ends(), 0);
    }
    void strings(Part part, const StringTable& table) {
        TextColumn column;
        for (std::size_t i = 0; i < table.size(); ++i) column.append(table.at(static_cast<std::int32_t>(i)));
        text(part, column);
    }

private:
    std::string& out_;
};

class Reader {
public:
    // `image_only`: the text parts are stepped over, not decoded.
    explicit Reader(std::string_view in, bool image_only = false) : in_(in), image_only_(image_only) {
        if (in_.substr(0, kMagic.size()) != kMagic) corrupt();
        in_.remove_prefix(kMagic.size());
    }
    std::string_view bytes() {
        std::uint64_t size = 0;
        if (in_.size() < sizeof size) corrupt();
        std::memcpy(&size, in_.data(), sizeof size);
        in_.remove_prefix(sizeof size);
        if (in_.size() < size) corrupt();
        const std::string_view out = in_.substr(0, size);
        in_.remove_prefix(size);
        return out;
    }
    template <class T>
    void array(Part part, std::vector<T>& values) {
        const std::string_view data = bytes();
        if (skipped(part)) return;
        if (data.size() % sizeof(T) != 0) corrupt();
        values.resize(data.size() / sizeof(T));
        std::memcpy(values.data(), data.data(), data.size());
    }
    template <class T>
    void cumulative(Part part, std::vector<T>& ends, std::size_t skip_first) {
        const std::string_view packed = bytes();
        if (skipped(part)) return;
        if (packed.empty()) corrupt();
        const auto width = static_cast<std::size_t>(packed[0]);
        if ((width != 1 && width != 2 && width != 4 && width != 8) || (packed.size() - 1) % width != 0) corrupt();
        ends.resize(skip_first + (packed.size() - 1) / width);
        std::uint64_t total = 0;
        for (std::size_t i = skip_first; i < ends.size(); ++i) {
            std::uint64_t difference = 0;
            std::memcpy(&difference, packed.data() + 1 + (i - skip_first) * width, width);
            total += difference;
            ends[i] = static_cast<T>(total);
        }
    }
    void text(Part part, TextColumn& column) {
        if (skipped(part)) {
            bytes();
            bytes();
            return;
        }
        std::string data(bytes());
        std::vector<std::uint64_t> ends;
        cumulative(part, ends, 0);
        column.assign(std::move(data), std::move(ends));
    }
    void strings(Part part, StringTable& table) {
        if (skipped(part)) {
            bytes();
            bytes();
            return;
        }
        TextColumn column;
        text(part, column);
        if (column.size() == 0 || !column[0].empty()) corrupt();
        for (std::size_t i = 1; i < column.size(); ++i)
            if (table.intern(std::string(column[i])) != static_cast<std::int32_t>(i)) corrupt();
    }
    void finish() const {
        if (!in_.empty()) corrupt();
    }
    [[noreturn]] static void corrupt() { throw_fault("phân đoạn sổ hộ lưu trữ bị hỏng"); }

private:
    [[nodiscard]] bool skipped(Part part) const { return image_only_ && part == Part::text; }
    std::string_view in_;
    bool image_only_;
};

// Visits every column in the one order both directions use.

template <class Codec, class Batch>
void columns(Codec& c, Batch& b) {
    auto& g = b.image;
    c.strings(Part::image, g.units);
    c.strings(Part::image, g.villages);
    c.strings(Part::image, g.ethnicities);
    c.strings(Part::image, g.override_keys);
    c.strings(Part::text, b.names);
    c.strings(Part::text, b.extra_names);
    c.array(Part::image, g.unit);
    c.array(Part::image, g.current_unit);
    c.array(Part::image, g.village);
    c.array(Part::image, g.area);
    c.array(Part::image, g.income);
    c.array(Part::image, g.score_a);
    c.array(Part::image, g.housing_type);
    c.array(Part::image, g.water_source);
    c.array(Part::image, g.latrine);
    c.array(Part::image, g.waste_treatment);
    c.array(Part::image, g.housing_area_milli_m2);
    c.array(Part::image, g.info_assets);
    c.array(Part::image, g.loudspeaker);
    c.array(Part::image, g.override_known);
    c.array(Part::image, g.override_value);
    c.cumulative(Part::image, g.member_begin, 1);  // member_begin[0] is always 0
    c.array(Part::text, b.head_name);
    c.cumulative(Part::text, b.household_extra.end, 0);
    c.array(Part::text, b.household_extra.name);
    c.text(Part::text, b.household_extra.value);
    c.array(Part::image, g.birth_year);
    c.array(Part::image, g.birth_month);
    c.array(Part::image, g.birth_day);
    c.array(Part::image, g.sex);
    c.array(Part::image, g.relation);
    c.array(Part::image, g.disability);
    c.array(Part::image, g.employment);
    c.array(Part::image, g.attending_level);
    c.array(Part::image, g.completed_level);
    c.array(Part::image, g.ethnicity);
    c.array(Part::image, g.flag_known);
    c.array(Part::image, g.flag_value);
    c.array(Part::text, b.full_name);
    c.text(Part::text, b.personal_id);
    c.array(Part::text, b.birth_year_only);
    c.cumulative(Part::text, b.member_extra.end, 0);
    c.array(Part::text, b.member_extra.name);
    c.text(Part::text, b.member_extra.value);
}

// FNV-1a: the filter is stored, so its hash must not change with the standard library.
std::uint64_t fnv1a(std::string_view text) {
    std::uint64_t h = 0xcbf29ce484222325ULL;
    for (const char c : text) h = (h ^ static_cast<unsigned char>(c)) * 0x100000001b3ULL;
    return h;
}

std::uint64_t mix(std::uint64_t h) {
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    return h;
}

constexpr int kFilterProbes = 7;  // with 10 bits per member: about 1% false positives

}  // namespace

namespace {

std::string encode_plain(const HouseholdBatch& batch) {
    std::string out;
    Writer w(out);
    const RegistryImage& g = batch.image;
    TextColumn ids;
    for (const auto& id : g.household_ids) ids.append(id);
    w.text(Part::image, ids);
    TextColumn member_rest;
    std::vector<std::uint8_t> prefixed(batch.members(), 0);
    for (std::size_t i = 0; i < batch.households(); ++i) {
        const std::string_view household = g.household_ids[i];
        for (std::uint32_t j = g.member_begin[i]; j < g.member_begin[i + 1]; ++j) {
            const std::string_view member = batch.member_id[j];
            prefixed[j] = member.starts_with(household) ? 1 : 0;
            member_rest.append(prefixed[j] ? member.substr(household.size()) : member);
        }
    }
    w.text(Part::text, member_rest);
    w.array(Part::text, prefixed);
    columns(w, batch);
    return out;
}

// With `image_only`, the batch holds its RegistryImage alone (the text is stepped over).
HouseholdBatch decode_plain(std::string_view bytes, bool image_only) {
    Reader r(bytes, image_only);
    HouseholdBatch batch;
    RegistryImage& g = batch.image;
    TextColumn ids, member_rest;
    std::vector<std::uint8_t> prefixed;
    r.text(Part::image, ids);
    r.text(Part::text, member_rest);
    r.array(Part::text, prefixed);
    columns(r, batch);
    r.finish();
    const std::size_t households = ids.size(), members = g.birth_year.size();
    if (g.member_begin.size() != households + 1 || g.member_begin.back() != members || g.unit.size() != households)
        Reader::corrupt();
    if (!image_only && (member_rest.size() != members || prefixed.size() != members ||
                        batch.head_name.size() != households || batch.full_name.size() != members ||
                        batch.personal_id.size() != members || batch.household_extra.end.size() != households ||
                        batch.member_extra.end.size() != members))
        Reader::corrupt();
    g.household_ids.reserve(households);
    for (std::size_t i = 0; i < households; ++i) g.household_ids.emplace_back(ids[i]);
    if (image_only) return batch;
    batch.member_id.reserve(members, member_rest.bytes().size() + members * 16);
    std::string id;
    for (std::size_t i = 0; i < households; ++i) {
        for (std::uint32_t j = g.member_begin[i]; j < g.member_begin[i + 1]; ++j) {
            id.clear();
            if (prefixed[j]) id.append(g.household_ids[i]);
            id.append(member_rest[j]);
            batch.member_id.append(id);
        }
    }
    return batch;
}

}  // namespace

std::string encode_segment(const HouseholdBatch& batch) {
    const std::string plain = encode_plain(batch);
    std::string out(kCompressedMagic);
    const std::uint64_t plain_size = plain.size();
    out.append(reinterpret_cast<const char*>(&plain_size), sizeof plain_size);
    const std::size_t header = out.size();
    out.resize(header + ZSTD_compressBound(plain.size()));
    // The frame carries a checksum of its content: a damaged value in the store is refused
    // instead of read as other answers.
    const std::unique_ptr<ZSTD_CCtx, decltype(&ZSTD_freeCCtx)> context(ZSTD_createCCtx(), &ZSTD_freeCCtx);
    if (!context) throw std::bad_alloc();
    ZSTD_CCtx_setParameter(context.get(), ZSTD_c_compressionLevel, kCompressionLevel);
    ZSTD_CCtx_setParameter(context.get(), ZSTD_c_checksumFlag, 1);
    const std::size_t written = ZSTD_compress2(context.get(), out.data() + header, out.size() - header, plain.data(),
                                               plain.size());
    if (ZSTD_isError(written)) throw_fault(std::string("nén phân đoạn hộ thất bại: ") + ZSTD_getErrorName(written));
    out.resize(header + written);
    return out;
}

namespace {

std::string decompress(std::string_view bytes) {
    std::uint64_t plain_size = 0;
    if (bytes.size() < kCompressedMagic.size() + sizeof plain_size) Reader::corrupt();
    std::memcpy(&plain_size, bytes.data() + kCompressedMagic.size(), sizeof plain_size);
    const std::string_view frame = bytes.substr(kCompressedMagic.size() + sizeof plain_size);
    const unsigned long long frame_size = ZSTD_getFrameContentSize(frame.data(), frame.size());
    if (frame_size != plain_size) Reader::corrupt();
    std::string plain(plain_size, '\0');
    const std::size_t read = ZSTD_decompress(plain.data(), plain.size(), frame.data(), frame.size());
    if (ZSTD_isError(read) || read != plain_size) Reader::corrupt();
    return plain;
}

HouseholdBatch decode(std::string_view bytes, bool image_only) {
    if (!bytes.starts_with(kCompressedMagic)) return decode_plain(bytes, image_only);  // stored before compression
    return decode_plain(decompress(bytes), image_only);
}

}  // namespace

HouseholdBatch decode_segment(std::string_view bytes) { return decode(bytes, false); }

RegistryImage decode_segment_image(std::string_view bytes) { return std::move(decode(bytes, true).image); }

MemberFilter::MemberFilter(std::size_t members) : bits_(std::max<std::size_t>(8, (members * 10 + 7) / 8), '\0') {}

void MemberFilter::add(std::string_view member_id) {
    const std::uint64_t h = fnv1a(member_id), step = mix(h) | 1;
    const std::uint64_t size = bits_.size() * 8;
    for (int k = 0; k < kFilterProbes; ++k) {
        const std::uint64_t bit = (h + static_cast<std::uint64_t>(k) * step) % size;
        bits_[bit / 8] = static_cast<char>(bits_[bit / 8] | (1 << (bit % 8)));
    }
}

bool MemberFilter::may_contain(std::string_view member_id) const {
    const std::uint64_t h = fnv1a(member_id), step = mix(h) | 1;
    const std::uint64_t size = bits_.size() * 8;
    for (int k = 0; k < kFilterProbes; ++k) {
        const std::uint64_t bit = (h + static_cast<std::uint64_t>(k) * step) % size;
        if (!(bits_[bit / 8] & (1 << (bit % 8)))) return false;
    }
    return true;
}

}  // namespace giamngheo::store
