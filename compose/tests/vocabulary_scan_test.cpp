// No machine code reaches a person: every document the application hands out (the results lists,
// the plan and report documents, the templates) and every sentence of the API meant to be read
// (explanations, findings, messages, summaries) is scanned for the codes of the vocabulary and of
// the funding catalogue. A code found there is a text someone forgot to label.
#include <gtest/gtest.h>

#include <fstream>
#include <set>

#include "kernel/vocabulary.hpp"
#include "modules/plans/app/plans.hpp"
#include "platform/zip_reader.hpp"
#include "storage/open_store.hpp"
#include "testing/server_support.hpp"

namespace giamngheo::test {
namespace {

using nlohmann::json;

// Codes long or distinctive enough never to be a Vietnamese word: snake_case ones, and any of four
// letters or more.
std::set<std::string> machine_codes() {
    std::set<std::string> out;
    const auto add = [&](const std::string& code) {
        if (code.find('_') != std::string::npos || code.size() >= 4) out.insert(code);
    };
    const auto vocabulary = json::parse(kVocabularyJson);
    for (const auto& [field, list] : vocabulary.at("code_lists").items()) {
        add(field);
        for (const auto& entry : list.at("codes")) add(entry.at("code").get<std::string>());
    }
    for (const auto& [group, labels] : vocabulary.at("labels").items())
        for (const auto& [code, label] : labels.items()) add(code);
    for (const char* file : {"households", "members"})
        for (const auto& column : vocabulary.at("columns").at(file)) add(column.at("key").get<std::string>());
    std::ifstream in(kSourceDir + "/data/programmes/funding.json");
    const auto funding = json::parse(in);
    for (const char* list : {"fund_kinds", "sources", "rules"})
        for (const auto& entry : funding.at(list)) add(entry.at("key").get<std::string>());
    return out;
}

// The words of `text` (runs of ASCII letters, digits and underscores) that are machine codes.
std::set<std::string> codes_in(const std::string& text, const std::set<std::string>& codes) {
    std::set<std::string> found;
    std::string word;
    const auto flush = [&] {
        if (codes.count(word)) found.insert(word);
        word.clear();
    };
    for (char c : text) {
        if (std::isalnum(static_cast<unsigned char>(c)) || c == '_') word += c;
        else flush();
    }
    flush();
    return found;
}

// The text a person sees in an Office file: its XML parts without the markup.
std::string visible_text(const std::string& archive, const std::vector<std::string>& parts) {
    std::string out;
    for (const auto& part : parts) {
        std::string xml;
        try {
            xml = io::read_zip_entry(archive, part, part);
        } catch (const Error&) {
            continue;  // a workbook without shared strings, a sheet number it does not have
        }
        bool in_tag = false;
        for (char c : xml) {
            if (c == '<') in_tag = true;
            else if (c == '>') { in_tag = false; out += ' '; }
            else if (!in_tag) out += c;
        }
    }
    return out;
}

// Strings of a JSON answer meant to be read by a person.
void readable_strings(const json& value, bool readable, std::string& out) {
    static const std::set<std::string> kReadable = {"message", "messages", "explanation", "lines", "text", "summary",
                                                   "title", "detail", "reason", "label", "findings", "description"};
    if (value.is_string() && readable) out += value.get<std::string>() + "\n";
    if (value.is_array())
        for (const auto& item : value) readable_strings(item, readable, out);
    if (value.is_object())
        for (const auto& [key, item] : value.items()) readable_strings(item, readable || kReadable.count(key) > 0, out);
}

class VocabularyScan : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        f = new ApiFixture();
        f->add_user("admin", accounts::Role::admin, "");
        admin = f->sign_in("admin");
        auto plans = store::open_plan_store(f->db);
        ASSERT_TRUE(app::import_plan(*plans, test_environment(),
                                     kSourceDir + "/modules/plans/tests/fixtures/binh-luong-2024.json", false,
                                     {"test", "fixture"})
                        .written);
        household = household_in(f->db, "16204");
    }
    static void TearDownTestSuite() { delete f; }

    static std::string fetched(const std::string& target) {
        const auto r = f->call("GET", target, "", &admin);
        EXPECT_EQ(r.status, 200) << target << ": " << r.body.substr(0, 300);
        return r.body;
    }

    static inline ApiFixture* f = nullptr;
    static inline Client admin;
    static inline std::string household;
};

TEST_F(VocabularyScan, DocumentsHandedOutCarryNoMachineCode) {
    const auto codes = machine_codes();
    const std::vector<std::string> sheets = {"xl/sharedStrings.xml", "xl/worksheets/sheet1.xml",
                                             "xl/worksheets/sheet2.xml", "xl/worksheets/sheet3.xml"};
    const std::vector<std::pair<std::string, std::vector<std::string>>> documents = {
        {"/api/v1/rounds/2/list.xlsx?unit=16186", sheets},
        {"/api/v1/rounds/2/export.xlsx?unit=16186", sheets},
        {"/api/v1/plans/16204/2024/budget.xlsx", sheets},
        {"/api/v1/plans/16204/2024/document.docx", {"word/document.xml"}},
        {"/api/v1/plans/16204/2024/public-investment.xlsx", sheets},
        {"/api/v1/plans/16204/2024/public-investment.docx", {"word/document.xml"}},
        {"/api/v1/reports/bieu-02/2026-H1/16186/xlsx", sheets},
        {"/api/v1/reports/bieu-02/2026-H1/16186/docx", {"word/document.xml"}},
        {"/api/v1/reports/review-results/2025/16186/docx", {"word/document.xml"}},
        {"/api/v1/reports/board.xlsx?unit=16186&period=2026-H1", sheets},
        {"/api/v1/imports/templates/households.xlsx", {"xl/sharedStrings.xml"}},
        {"/api/v1/imports/templates/members.xlsx", {"xl/sharedStrings.xml"}},
    };
    for (const auto& [target, parts] : documents) {
        const std::string text = visible_text(fetched(target), parts);
        EXPECT_FALSE(text.empty()) << target;
        const auto found = codes_in(text, codes);
        EXPECT_TRUE(found.empty()) << target << " shows " << testing::PrintToString(found);
    }
}

TEST_F(VocabularyScan, SentencesOfTheApiCarryNoMachineCode) {
    const auto codes = machine_codes();
    const std::string h = "/api/v1/households/" + household;
    for (const std::string& target :
         {h + "/explain?round=2", h + "/results", h + "/history", std::string("/api/v1/plans/16204/2024/check"),
          std::string("/api/v1/plans/16204/2024/targets"), std::string("/api/v1/plans/16204/2024/disbursement"),
          std::string("/api/v1/rounds/2/what-if?standard=vn-2027&unit=16186"),
          std::string("/api/v1/reports/bieu-02/2026-H1/16186"),
          std::string("/api/v1/reports/board?unit=16186&period=2026-H1")}) {
        std::string text;
        readable_strings(json::parse(fetched(target)), false, text);
        const auto found = codes_in(text, codes);
        EXPECT_TRUE(found.empty()) << target << " shows " << testing::PrintToString(found) << "\n" << text.substr(0, 600);
    }
}

}  // namespace
}  // namespace giamngheo::test
