#include "platform/zip_reader.hpp"

#include <zlib.h>

#include <array>
#include <limits>

#include "kernel/errors.hpp"

namespace giamngheo::io {
namespace {

constexpr std::uint32_t kLocalHeader = 0x04034b50;
constexpr std::uint32_t kCentralHeader = 0x02014b50;
constexpr std::uint32_t kEndOfCentral = 0x06054b50;
constexpr std::uint32_t kZip64End = 0x06064b50;
constexpr std::uint32_t kZip64Locator = 0x07064b50;
constexpr std::size_t kEndOfCentralSize = 22;
constexpr std::size_t kCentralHeaderSize = 46;
constexpr std::size_t kLocalHeaderSize = 30;
constexpr std::uint16_t kZip64ExtraId = 0x0001;
constexpr std::uint16_t kEncrypted = 1;
constexpr std::uint16_t kStored = 0;
constexpr std::uint16_t kDeflated = 8;
constexpr std::uint32_t kZip64Marker = 0xffffffff;
constexpr int kRawDeflateWindowBits = -15;

struct Bytes {
    std::string_view data;
    const std::string& source;

    [[noreturn]] void damaged(const std::string& what) const {
        throw_invalid_input(source + ": không đọc được tệp nén (ZIP/XLSX): " + what);
    }
    void need(std::uint64_t at, std::uint64_t length) const {
        if (at > data.size() || length > data.size() - at) damaged("tệp bị cắt cụt hoặc hỏng");
    }
    [[nodiscard]] std::uint64_t le(std::uint64_t at, int bytes) const {
        need(at, static_cast<std::uint64_t>(bytes));
        std::uint64_t v = 0;
        for (int i = bytes - 1; i >= 0; --i) v = v << 8 | static_cast<unsigned char>(data[at + static_cast<std::uint64_t>(i)]);
        return v;
    }
    [[nodiscard]] std::uint16_t u16(std::uint64_t at) const { return static_cast<std::uint16_t>(le(at, 2)); }
    [[nodiscard]] std::uint32_t u32(std::uint64_t at) const { return static_cast<std::uint32_t>(le(at, 4)); }
    [[nodiscard]] std::uint64_t u64(std::uint64_t at) const { return le(at, 8); }
};

struct DirectoryEntry {
    ZipEntry entry;
    std::uint64_t local_offset = 0;
    std::uint16_t flags = 0;
};

std::string mib(std::uint64_t bytes) { return std::to_string(bytes >> 20) + " MiB"; }

// Where the central directory is, and how many entries it has.
struct Directory {
    std::uint64_t offset = 0, size = 0, entries = 0;
};

Directory find_directory(const Bytes& in) {
    if (in.data.size() < kEndOfCentralSize) in.damaged("không phải tệp ZIP (quá ngắn)");
    const std::size_t lowest = in.data.size() > kEndOfCentralSize + 0xffff ? in.data.size() - kEndOfCentralSize - 0xffff : 0;
    for (std::size_t at = in.data.size() - kEndOfCentralSize + 1; at-- > lowest;) {
        if (in.u32(at) != kEndOfCentral) continue;
        if (in.u16(at + 4) != 0 || in.u16(at + 6) != 0) in.damaged("tệp ZIP chia nhiều phần không được hỗ trợ");
        Directory d{in.u32(at + 16), in.u32(at + 12), in.u16(at + 10)};
        if (at >= 20 && in.u32(at - 20) == kZip64Locator) {
            const std::uint64_t end64 = in.u64(at - 20 + 8);
            if (in.u32(end64) != kZip64End) in.damaged("mục ZIP64 hỏng");
            d.entries = in.u64(end64 + 32);
            d.size = in.u64(end64 + 40);
            d.offset = in.u64(end64 + 48);
        }
        in.need(d.offset, d.size);
        return d;
    }
    in.damaged("không phải tệp ZIP; tệp .xlsx phải được lưu từ Excel hoặc LibreOffice");
}

std::vector<DirectoryEntry> read_directory(const Bytes& in, const ZipLimits& limits) {
    const Directory d = find_directory(in);
    if (d.entries > limits.max_entries)
        throw_invalid_input(in.source + ": tệp nén có " + std::to_string(d.entries) + " mục, nhiều hơn giới hạn " +
                            std::to_string(limits.max_entries));
    std::vector<DirectoryEntry> out;
    std::uint64_t at = d.offset;
    for (std::uint64_t i = 0; i < d.entries; ++i) {
        if (in.u32(at) != kCentralHeader) in.damaged("mục lục ZIP hỏng");
        DirectoryEntry e;
        e.flags = in.u16(at + 8);
        e.entry.method = in.u16(at + 10);
        e.entry.compressed_size = in.u32(at + 20);
        e.entry.size = in.u32(at + 24);
        const std::uint16_t name_length = in.u16(at + 28), extra_length = in.u16(at + 30),
                            comment_length = in.u16(at + 32);
        e.local_offset = in.u32(at + 42);
        in.need(at + kCentralHeaderSize, std::uint64_t{name_length} + extra_length + comment_length);
        e.entry.name = std::string(in.data.substr(at + kCentralHeaderSize, name_length));
        // ZIP64: the sizes and offset marked 0xffffffff follow, in this order, in extra field 1.
        for (std::uint64_t x = at + kCentralHeaderSize + name_length, end = x + extra_length; x + 4 <= end;) {
            const std::uint16_t id = in.u16(x), length = in.u16(x + 2);
            if (id == kZip64ExtraId) {
                std::uint64_t field = x + 4;
                for (std::uint64_t* value : {&e.entry.size, &e.entry.compressed_size, &e.local_offset})
                    if (*value == kZip64Marker && field + 8 <= x + 4 + length) {
                        *value = in.u64(field);
                        field += 8;
                    }
            }
            x += 4 + std::uint64_t{length};
        }
        if (e.flags & kEncrypted) in.damaged("tệp được mã hóa (đặt mật khẩu); hãy lưu lại không mật khẩu");
        if (e.entry.method != kStored && e.entry.method != kDeflated)
            in.damaged("kiểu nén " + std::to_string(e.entry.method) + " không được hỗ trợ");
        out.push_back(std::move(e));
        at += kCentralHeaderSize + std::uint64_t{name_length} + extra_length + comment_length;
    }
    return out;
}

// The entry's stored bytes, located through its local header.
std::string_view stored_bytes(const Bytes& in, const DirectoryEntry& e) {
    if (in.u32(e.local_offset) != kLocalHeader) in.damaged("mục \"" + e.entry.name + "\" hỏng");
    const std::uint64_t data = e.local_offset + kLocalHeaderSize + in.u16(e.local_offset + 26) + in.u16(e.local_offset + 28);
    in.need(data, e.entry.compressed_size);
    return in.data.substr(data, e.entry.compressed_size);
}

// Inflates the entry a buffer at a time, giving each chunk to `take`, and refuses it as soon as
// it grows past `limit` bytes or the size the directory declares.
template <class Take>
std::uint64_t inflate_entry(const Bytes& in, const DirectoryEntry& e, std::uint64_t limit, Take take) {
    const std::string_view packed = stored_bytes(in, e);
    auto too_large = [&] {
        throw_invalid_input(in.source + ": tệp nén quá lớn khi giải nén (mục \"" + e.entry.name + "\" vượt " + mib(limit) +
                            "); hãy chia dữ liệu thành nhiều tệp");
    };
    if (e.entry.method == kStored) {
        if (packed.size() > limit) too_large();
        if (packed.size() != e.entry.size) in.damaged("mục \"" + e.entry.name + "\" không đúng kích thước khai báo");
        take(packed);
        return packed.size();
    }
    z_stream zs{};
    if (inflateInit2(&zs, kRawDeflateWindowBits) != Z_OK) throw_fault("zlib: inflateInit2 failed");
    std::array<char, 1 << 16> buffer{};
    std::uint64_t produced = 0;
    std::size_t offset = 0;
    int rc = Z_OK;
    try {
        while (rc != Z_STREAM_END) {
            const std::size_t chunk = std::min<std::size_t>(packed.size() - offset, std::numeric_limits<uInt>::max());
            zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(packed.data() + offset));
            zs.avail_in = static_cast<uInt>(chunk);
            zs.next_out = reinterpret_cast<Bytef*>(buffer.data());
            zs.avail_out = static_cast<uInt>(buffer.size());
            rc = inflate(&zs, Z_NO_FLUSH);
            offset += chunk - zs.avail_in;
            const std::size_t made = buffer.size() - zs.avail_out;
            produced += made;
            if (produced > limit) too_large();
            if (produced > e.entry.size) in.damaged("mục \"" + e.entry.name + "\" lớn hơn kích thước khai báo");
            take(std::string_view(buffer.data(), made));
            if (rc == Z_STREAM_END) break;
            if (rc != Z_OK || (made == 0 && offset == packed.size())) in.damaged("dữ liệu nén của \"" + e.entry.name + "\" hỏng");
        }
    } catch (...) {
        inflateEnd(&zs);
        throw;
    }
    inflateEnd(&zs);
    if (produced != e.entry.size) in.damaged("mục \"" + e.entry.name + "\" không đúng kích thước khai báo");
    return produced;
}

}  // namespace

std::vector<ZipEntry> check_zip(std::string_view archive, const std::string& source, const ZipLimits& limits) {
    const Bytes in{archive, source};
    std::vector<ZipEntry> out;
    std::uint64_t total = 0;
    for (const auto& e : read_directory(in, limits)) {
        const std::uint64_t room = std::min(limits.max_entry_bytes, limits.max_total_bytes - total);
        if (e.entry.size > room)
            throw_invalid_input(source + ": tệp nén quá lớn khi giải nén (trên " + mib(limits.max_total_bytes) +
                                "); hãy chia dữ liệu thành nhiều tệp");
        total += inflate_entry(in, e, room, [](std::string_view) {});
        out.push_back(e.entry);
    }
    return out;
}

std::string read_zip_entry(std::string_view archive, const std::string& name, const std::string& source,
                           const ZipLimits& limits) {
    const Bytes in{archive, source};
    for (const auto& e : read_directory(in, limits)) {
        if (e.entry.name != name) continue;
        std::string out;
        out.reserve(static_cast<std::size_t>(std::min(e.entry.size, limits.max_entry_bytes)));
        inflate_entry(in, e, limits.max_entry_bytes, [&](std::string_view chunk) { out.append(chunk); });
        return out;
    }
    throw_invalid_input(source + ": tệp nén không có mục \"" + name + "\"");
}

}  // namespace giamngheo::io
