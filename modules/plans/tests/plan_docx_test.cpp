// The Quảng Xương plan as DOCX, opened by LibreOffice: the PDF it makes must show the
// Decree 30 header, the sections, the figures in Vietnamese style and the agencies.
#include <gtest/gtest.h>

#include <cstdlib>

#include "modules/plans/app/plans.hpp"
#include "modules/plans/formats/plan_docx.hpp"
#include "modules/plans/formats/plan_json.hpp"
#include "platform/zip_reader.hpp"
#include "testing/support.hpp"

namespace giamngheo::test {
namespace {

bool have(const char* program) { return std::system((std::string("command -v ") + program + " >/dev/null 2>&1").c_str()) == 0; }

std::string flatten(const std::string& text) {
    std::string out;
    for (const char c : text) {
        const bool space = c == ' ' || c == '\n' || c == '\t' || c == '\f' || c == '\r';
        if (space && (out.empty() || out.back() == ' ')) continue;
        out += space ? ' ' : c;
    }
    return out;
}

TEST(PlanDocx, IsAZipWithTheWordParts) {
    const auto catalogues = app::load_plan_catalogues(test_environment(), "ntp-2021-2025");
    const Plan plan = io::read_plan_file(kSourceDir + "/modules/plans/tests/fixtures/quang-xuong-2023.json");
    const std::string bytes = io::plan_docx(plan, catalogues.rules());
    EXPECT_EQ(bytes.substr(0, 4), std::string("PK\x03\x04", 4));
    for (const char* part : {"[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/styles.xml"})
        EXPECT_NE(bytes.find(part), std::string::npos) << part;
}

// Issue 19, points 1 and 5: the DOCX budget is source × fund kind with the central total, and says
// what is allocated and what is only requested (Hớn Quản's DA6).
TEST(PlanDocx, BudgetKeepsStagesAndFundKindsApart) {
    const auto catalogues = app::load_plan_catalogues(test_environment(), "ntp-2021-2025");
    const Plan plan = io::read_plan_file(kSourceDir + "/modules/plans/tests/fixtures/hon-quan-2023.json");
    const std::string bytes = io::plan_docx(plan, catalogues.rules());
    const std::string xml = io::read_zip_entry(bytes, "word/document.xml", "hon-quan.docx");
    for (const char* expected : {"1. Kinh phí năm 2023: 5.539 triệu đồng, trong đó được giao 5.362 triệu đồng; nhu cầu, đề nghị (chưa giao) 177 triệu đồng",
                                 "Trong đó: ngân sách trung ương", "Ngân sách tỉnh - Vốn sự nghiệp",
                                 "Ngân sách trung ương - vốn đầu tư phát triển"})
        EXPECT_NE(xml.find(expected), std::string::npos) << "missing: " << expected;
    EXPECT_FALSE(bytes.empty());
}

TEST(PlanDocx, LibreOfficeShowsSectionsFiguresAndAgencies) {
    if (!have("soffice") || !have("pdftotext"))
        GTEST_SKIP() << "soffice or pdftotext is absent (apt-get install libreoffice-writer-nogui poppler-utils)";
    TempDir temp;
    const auto catalogues = app::load_plan_catalogues(test_environment(), "ntp-2021-2025");
    const Plan plan = io::read_plan_file(kSourceDir + "/modules/plans/tests/fixtures/quang-xuong-2023.json");
    const std::string docx = temp.path("quang-xuong.docx");
    io::write_plan_docx(docx, plan, catalogues.rules());
    // A private profile: LibreOffice refuses to start twice on one profile.
    const std::string command = "cd '" + temp.path() + "' && HOME='" + temp.path() + "' soffice --headless " +
                                "-env:UserInstallation=file://" + temp.path("profile") +
                                " --convert-to pdf --outdir '" + temp.path() + "' '" + docx + "' >/dev/null 2>&1" +
                                " && pdftotext quang-xuong.pdf quang-xuong.txt";
    ASSERT_EQ(std::system(command.c_str()), 0) << command;
    const std::string text = flatten(io::read_file(temp.path("quang-xuong.txt")));
    for (const char* expected : {
             "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "ỦY BAN NHÂN DÂN",
             "HUYỆN QUẢNG XƯƠNG", "/KH-UBND", "Quảng Xương, ngày", "KẾ HOẠCH",
             "I. MỤC ĐÍCH, YÊU CẦU", "II. MỤC TIÊU", "III. NỘI DUNG", "IV. KINH PHÍ THỰC HIỆN",
             "V. NHIỆM VỤ, GIẢI PHÁP", "VI. TỔ CHỨC THỰC HIỆN", "VII. CHẾ ĐỘ BÁO CÁO",
             "giảm 175 hộ nghèo (từ 876 hộ còn 701 hộ)", "7.782 triệu đồng", "3.207", "1.518", "1.181", "391", "672",
             "119", "139", "362", "193", "Dự án 2: Đa dạng hóa sinh kế, phát triển mô hình giảm nghèo",
             "Tiểu dự án 1: Hỗ trợ phát triển sản xuất trong lĩnh vực nông nghiệp",
             "Phòng Lao động - Thương binh và Xã hội", "Phòng Nông nghiệp và Phát triển nông thôn",
             "Phòng Văn hóa - Thông tin", "Phòng Tài chính - Kế hoạch", "Nơi nhận:", "Sở Lao động-TBXH",
             "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Huy Nam"})
        EXPECT_NE(text.find(expected), std::string::npos) << "missing: " << expected;
}

}  // namespace
}  // namespace giamngheo::test
