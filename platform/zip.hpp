// A minimal ZIP writer for office documents (DOCX): stored or deflated entries (zlib), no
// encryption, no ZIP64. Office formats need nothing more.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace giamngheo::io {

class ZipWriter {
public:
    // `compress` = false stores the entry as is (required for an EPUB mimetype, handy in tests).
    void add(const std::string& name, std::string_view content, bool compress = true);
    // The whole archive. Throws std::runtime_error when zlib fails or the archive exceeds 4 GiB.
    [[nodiscard]] std::string finish() const;

private:
    struct Entry {
        std::string name;
        std::string data;  // as stored
        unsigned long crc = 0;
        std::size_t size = 0;  // uncompressed
        bool deflated = false;
    };
    std::vector<Entry> entries_;
};

}  // namespace giamngheo::io
