// RowStream: a CSV text or a table in memory given as rows, a CSV file cut at line breaks into
// parts that are read at the same time, and what tells afterwards whether the cuts were sound.
// Apart from the interchange columns because it knows no column: only rows, bytes and lines.
#include <algorithm>
#include <memory>

#include "modules/registry/formats/interchange.hpp"
#include "platform/csv.hpp"
#include "platform/mapped_file.hpp"
#include "platform/utf8.hpp"

namespace giamngheo::io {

RowStream RowStream::of(const Table& table) {
    RowStream stream;
    stream.source = table.source;
    stream.header = table.header;
    stream.next = [&table, row = std::size_t{0}](std::vector<std::string_view>& fields, long& number) mutable {
        if (row >= table.rows.size()) return false;
        fields.assign(table.rows[row].begin(), table.rows[row].end());
        number = table.row_numbers[row];
        ++row;
        for (std::size_t c = 0; c < fields.size(); ++c)
            if (const BadByte bad = first_bad_byte(fields[c]); !bad.reason.empty())
                throw FileProblem({table.source, number, c < table.header.size() ? table.header[c] : std::to_string(c + 1),
                                   bad.reason});
        return true;
    };
    return stream;
}

RowStream RowStream::csv(std::string_view text, const std::string& source) {
    return std::move(csv_parts(text, source, 1).front());
}

namespace {

// One part of a CSV file as it is read: its text is checked a block at a time just ahead of
// the rows given out, so that the file is read from disk once, and the file (when mapped) is
// told what the part is about to read.
class CsvPart {
public:
    CsvPart(std::string_view file_text, std::string_view range, long first_line, bool cut, std::string source,
            std::vector<std::string> header, MappedFile* file, std::size_t reader)
        : file_text_(file_text), range_(range), reader_(range, first_line, range.data() == file_text.data()),
          cut_(cut), source_(std::move(source)), header_(std::move(header)), file_(file), file_reader_(reader),
          range_offset_(static_cast<std::size_t>(range.data() - file_text.data())) {
        report_->file_text = file_text;
        report_->file = file;
    }
    bool next(std::vector<std::string_view>& fields, long& number) {
        try {
            do {
                row_start_ = reader_.position();
                if (checked_ == 0 && !range_.empty()) check_to(1);
                if (!reader_.next(fields)) return finish();
            } while (fields.size() == 1 && fields[0].empty());  // blank line
        } catch (const CsvSyntaxError& e) {
            // In a cut file, a quoting error may come from a cut inside a quoted field: the
            // file is then read again as one part, where the error, if real, comes back.
            if (cut_) {
                report_->quote = true;
                return finish();
            }
            fail_at(e.offset(), e.what());
        }
        check_to(reader_.position());
        number = reader_.line();
        return true;
    }
    [[nodiscard]] std::shared_ptr<const CsvPartReport> report() const { return report_; }

private:
    // The first part starts on the line after the header, so its count includes the header's.
    bool finish() {
        check_to(range_.size());
        if (file_) file_->finish(file_reader_);
        report_->line_breaks = reader_.next_line() - 1;
        return false;
    }
    // Checks the text up to `end` at least, in blocks that end after a line break (which no
    // UTF-8 sequence holds).
    void check_to(std::size_t end) {
        constexpr std::size_t kBlock = std::size_t{1} << 20;
        while (checked_ < end) {
            std::size_t stop = std::min(range_.size(), std::max(end, checked_ + kBlock));
            if (file_) file_->advance(file_reader_, range_offset_ + row_start_, range_offset_ + stop);
            if (const std::size_t line_break = range_.find('\n', stop); stop < range_.size())
                stop = line_break == std::string_view::npos ? range_.size() : line_break + 1;
            const std::string_view block = range_.substr(checked_, stop - checked_);
            if (!is_valid_utf8(block) || block.find('\0') != std::string_view::npos) {
                const BadByte bad = first_bad_byte(block);
                fail_at(checked_ + bad.offset, bad.reason);
            }
            report_->quote = report_->quote || block.find('"') != std::string_view::npos;
            checked_ = stop;
        }
    }
    // Stops the file at byte `offset` of the part, naming its line in the whole file and its column.
    [[noreturn]] void fail_at(std::size_t offset, const std::string& message) const {
        const auto before = file_text_.substr(0, range_offset_);
        const long first_line = 1 + static_cast<long>(std::count(before.begin(), before.end(), '\n'));
        throw FileProblem(csv_problem_at(range_, offset, first_line, header_, source_, message));
    }
    std::string_view file_text_;
    std::string_view range_;
    CsvReader reader_;
    bool cut_;
    std::string source_;
    std::vector<std::string> header_;
    MappedFile* file_;
    std::size_t file_reader_;
    std::size_t range_offset_;  // of range_ in the file
    std::size_t checked_ = 0, row_start_ = 0;
    std::shared_ptr<CsvPartReport> report_ = std::make_shared<CsvPartReport>();
};

std::vector<RowStream> cut_csv(std::string_view text, const std::string& source, std::size_t parts, MappedFile* file) {
    std::vector<std::string> header;
    CsvReader header_reader(text);
    try {
        if (!header_reader.next(header)) throw FileProblem({source, 0, "", "tệp rỗng, thiếu dòng tiêu đề"});
    } catch (const CsvSyntaxError& e) {
        throw FileProblem(csv_problem_at(text, e.offset(), 1, {}, source, e.what()));
    }
    const std::string_view header_text = text.substr(0, header_reader.position());
    if (const BadByte bad = first_bad_byte(header_text); !bad.reason.empty())
        throw FileProblem(csv_problem_at(text, bad.offset, 1, {}, source, bad.reason));

    // Part k reads text [bounds[k], bounds[k + 1]), cut after line breaks.
    std::vector<std::size_t> bounds = {header_reader.position()};
    for (std::size_t k = 1; k < parts; ++k) {
        const std::size_t target = bounds.front() + (text.size() - bounds.front()) * k / parts;
        const std::size_t line_break = text.find('\n', std::max(target, bounds.back()));
        if (line_break == std::string_view::npos || line_break + 1 >= text.size()) break;
        bounds.push_back(line_break + 1);
    }
    bounds.push_back(text.size());
    const bool cut = bounds.size() > 2;
    std::vector<std::pair<std::size_t, std::size_t>> ranges;
    for (std::size_t k = 0; k + 1 < bounds.size(); ++k) ranges.emplace_back(bounds[k], bounds[k + 1]);
    if (file) file->start_readers(ranges);
    std::vector<RowStream> out(ranges.size());
    for (std::size_t k = 0; k < out.size(); ++k) {
        const std::string_view range = text.substr(ranges[k].first, ranges[k].second - ranges[k].first);
        auto part = std::make_shared<CsvPart>(text, range, k == 0 ? header_reader.next_line() : 1, cut, source, header,
                                              file, k);
        RowStream& stream = out[k];
        stream.source = source;
        stream.header = header;
        stream.text_bytes = range.size();
        stream.report = part->report();
        stream.next = [part](std::vector<std::string_view>& fields, long& number) { return part->next(fields, number); };
    }
    return out;
}

}  // namespace

std::vector<RowStream> RowStream::csv_parts(std::string_view text, const std::string& source, std::size_t parts) {
    return cut_csv(text, source, parts, nullptr);
}

std::vector<RowStream> RowStream::csv_parts(MappedFile& file, const std::string& source, std::size_t parts) {
    return cut_csv(file.text(), source, parts, &file);
}

std::vector<long> cut_offsets(const std::vector<RowStream>& parts) {
    std::vector<long> offsets = {0};
    long lines = 0;
    for (std::size_t k = 0; k + 1 < parts.size(); ++k) {
        lines += parts[k].report->line_breaks;
        offsets.push_back(lines);
    }
    return offsets;
}

bool cut_is_sound(const std::vector<RowStream>& parts) {
    if (parts.size() < 2) return true;
    return std::none_of(parts.begin(), parts.end(), [](const RowStream& part) { return part.report->quote; });
}

}  // namespace giamngheo::io
