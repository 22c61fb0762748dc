#include "platform/zip.hpp"
#include "kernel/errors.hpp"

#include <zlib.h>

#include <cstdint>
#include <limits>
#include <stdexcept>

namespace giamngheo::io {
namespace {

constexpr std::uint32_t kLocalHeader = 0x04034b50;
constexpr std::uint32_t kCentralHeader = 0x02014b50;
constexpr std::uint32_t kEndOfCentral = 0x06054b50;
constexpr std::uint16_t kVersion = 20;  // 2.0: deflate
constexpr std::uint16_t kStored = 0;
constexpr std::uint16_t kDeflated = 8;
constexpr std::uint16_t kUtf8Names = 1 << 11;
// 1 January 1980 00:00, the earliest DOS time: entries carry no meaningful time, and a fixed one
// keeps the archive reproducible.
constexpr std::uint16_t kDosTime = 0;
constexpr std::uint16_t kDosDate = (0 << 9) | (1 << 5) | 1;
constexpr int kRawDeflateWindowBits = -15;  // negative: no zlib header, as ZIP wants
constexpr int kMemoryLevel = 8;

void put16(std::string& out, std::uint16_t v) {
    out += static_cast<char>(v & 0xff);
    out += static_cast<char>(v >> 8);
}
void put32(std::string& out, std::uint32_t v) {
    put16(out, static_cast<std::uint16_t>(v & 0xffff));
    put16(out, static_cast<std::uint16_t>(v >> 16));
}

std::uint32_t checked32(std::size_t v) {
    if (v > std::numeric_limits<std::uint32_t>::max()) throw_fault("zip: tệp quá lớn (trên 4 GiB)");
    return static_cast<std::uint32_t>(v);
}

std::string deflate_raw(std::string_view input) {
    z_stream zs{};
    if (deflateInit2(&zs, Z_BEST_COMPRESSION, Z_DEFLATED, kRawDeflateWindowBits, kMemoryLevel, Z_DEFAULT_STRATEGY) != Z_OK)
        throw_fault("zip: không khởi tạo được zlib");
    std::string out(deflateBound(&zs, static_cast<uLong>(input.size())), '\0');
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(input.data()));
    zs.avail_in = static_cast<uInt>(input.size());
    zs.next_out = reinterpret_cast<Bytef*>(out.data());
    zs.avail_out = static_cast<uInt>(out.size());
    const int rc = deflate(&zs, Z_FINISH);
    out.resize(zs.total_out);
    deflateEnd(&zs);
    if (rc != Z_STREAM_END) throw_fault("zip: nén thất bại");
    return out;
}

}  // namespace

void ZipWriter::add(const std::string& name, std::string_view content, bool compress) {
    Entry e;
    e.name = name;
    e.size = content.size();
    e.crc = crc32(0L, reinterpret_cast<const Bytef*>(content.data()), static_cast<uInt>(content.size()));
    e.deflated = compress;
    e.data = compress ? deflate_raw(content) : std::string(content);
    entries_.push_back(std::move(e));
}

std::string ZipWriter::finish() const {
    std::string out, central;
    for (const auto& e : entries_) {
        const std::uint32_t offset = checked32(out.size());
        const std::uint16_t method = e.deflated ? kDeflated : kStored;
        put32(out, kLocalHeader);
        put16(out, kVersion);
        put16(out, kUtf8Names);
        put16(out, method);
        put16(out, kDosTime);
        put16(out, kDosDate);
        put32(out, static_cast<std::uint32_t>(e.crc));
        put32(out, checked32(e.data.size()));
        put32(out, checked32(e.size));
        put16(out, static_cast<std::uint16_t>(e.name.size()));
        put16(out, 0);  // extra field length
        out += e.name;
        out += e.data;

        put32(central, kCentralHeader);
        put16(central, kVersion);  // made by
        put16(central, kVersion);  // needed
        put16(central, kUtf8Names);
        put16(central, method);
        put16(central, kDosTime);
        put16(central, kDosDate);
        put32(central, static_cast<std::uint32_t>(e.crc));
        put32(central, checked32(e.data.size()));
        put32(central, checked32(e.size));
        put16(central, static_cast<std::uint16_t>(e.name.size()));
        put16(central, 0);  // extra
        put16(central, 0);  // comment
        put16(central, 0);  // disk
        put16(central, 0);  // internal attributes
        put32(central, 0);  // external attributes
        put32(central, offset);
        central += e.name;
    }
    const std::uint32_t central_offset = checked32(out.size());
    out += central;
    put32(out, kEndOfCentral);
    put16(out, 0);
    put16(out, 0);
    put16(out, static_cast<std::uint16_t>(entries_.size()));
    put16(out, static_cast<std::uint16_t>(entries_.size()));
    put32(out, checked32(central.size()));
    put32(out, central_offset);
    put16(out, 0);  // comment length
    return out;
}

}  // namespace giamngheo::io
