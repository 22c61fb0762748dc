#include <gtest/gtest.h>

#include <algorithm>
#include <tuple>

#include "modules/registry/formats/interchange.hpp"
#include "platform/xlsx.hpp"
#include "testing/support.hpp"

namespace giamngheo::io {
namespace {

InterchangeRules rules() {
    return {[](const std::string& code) { return code == "16186" || code == "14797"; },
            {"employment", "housing_area", "info_access"},
            Date{2026, 11, 23}};
}

bool has_problem(const std::vector<Problem>& problems, const std::string& file, long row, const std::string& column,
                 const std::string& fragment) {
    for (const auto& p : problems)
        if (p.file == file && p.row == row && p.column == column && p.message.find(fragment) != std::string::npos)
            return true;
    return false;
}

TEST(Interchange, ReportsEveryProblemWithFileRowAndColumn) {
    const Table households = parse_csv_table(
        "household_id,unit_code,area,income_per_capita,housing_area_m2,water_source,deprived_employment,deprived_nope\n"
        "H1,16186,rural,1500000,24.5,piped,1,0\n"
        "H1,16186,,,,,,\n"
        ",99999,town,-5,7.1234,river,2,\n"
        "H4,14797,,abc,,,,\n"
        "H5,14797,,,,,,\n",
        "households.csv");
    const Table members = parse_csv_table(
        "household_id,member_id,sex,birth_date,personal_id,relation,employment\n"
        "H1,M1,male,1980-03-15,038080000123,head,unemployed\n"
        "H1,M2,female,2023-02-29,,head,\n"
        "H1,M1,male,1990,,,\n"
        "HX,M4,female,1990-01-01,,,\n"
        "H4,M5,male,2030-01-01,038180000123,,worker\n"
        "H4,M6,,,,,\n",
        "members.csv");
    const ParsedHouseholds parsed = parse_interchange(households, members, rules());
    const auto& p = parsed.problems;
    EXPECT_TRUE(has_problem(p, "households.csv", 1, "deprived_nope", "không có chỉ số"));
    EXPECT_TRUE(has_problem(p, "households.csv", 3, "household_id", "bị trùng với dòng 2"));
    EXPECT_TRUE(has_problem(p, "households.csv", 4, "household_id", "bắt buộc"));
    EXPECT_TRUE(has_problem(p, "households.csv", 4, "unit_code", "99999"));
    EXPECT_TRUE(has_problem(p, "households.csv", 4, "area", "Nông thôn (rural), Thành thị (urban)"));
    EXPECT_TRUE(has_problem(p, "households.csv", 4, "income_per_capita", "số nguyên không âm"));
    EXPECT_TRUE(has_problem(p, "households.csv", 4, "housing_area_m2", "tối đa 3 chữ số"));
    EXPECT_TRUE(has_problem(p, "households.csv", 4, "water_source", "river"));
    EXPECT_TRUE(has_problem(p, "households.csv", 4, "deprived_employment", "1 hoặc 0"));
    EXPECT_TRUE(has_problem(p, "households.csv", 5, "income_per_capita", "abc"));
    EXPECT_TRUE(has_problem(p, "households.csv", 6, "household_id", "không có thành viên"));
    EXPECT_TRUE(has_problem(p, "members.csv", 3, "birth_date", "2023-02-29"));
    EXPECT_TRUE(has_problem(p, "members.csv", 3, "relation", "nhiều hơn một chủ hộ"));
    EXPECT_TRUE(has_problem(p, "members.csv", 4, "member_id", "bị trùng với dòng 2"));
    EXPECT_TRUE(has_problem(p, "members.csv", 5, "household_id", "HX"));
    EXPECT_TRUE(has_problem(p, "members.csv", 6, "birth_date", "sau ngày hiện tại"));
    EXPECT_TRUE(has_problem(p, "members.csv", 6, "employment", "worker"));
    EXPECT_TRUE(has_problem(p, "members.csv", 6, "personal_id", "thế kỷ"));
    EXPECT_TRUE(has_problem(p, "members.csv", 7, "birth_date", "bắt buộc"));
    EXPECT_EQ(p.size(), 19u) << [&] {
        std::string all;
        for (const auto& x : p) all += format_problem(x) + "\n";
        return all;
    }();
}

// Members read in parts at the same time give what one stream gives: the same batch, and the
// same problems in the same order, with rows numbered in the whole file — among them the
// problems found only by matching rows of different parts (a duplicate member id, a second
// head, an unknown household, a household whose members are all in another part).
// Officers fill their spreadsheets with the labels they read and numbers and dates as they
// write them: those are taken as the codes and values they stand for.
TEST(Interchange, LabelsAndVietnameseNumbersAndDatesAreAccepted) {
    const auto parse = [](const std::string& households, const std::string& members) {
        return parse_interchange(parse_csv_table(households, "households.csv"), parse_csv_table(members, "members.csv"),
                                 rules());
    };
    const std::string header = "household_id,unit_code,income_per_capita,housing_type,water_source,info_assets\n";
    const std::string member_header = "household_id,member_id,full_name,relation,sex,birth_date\n";
    const auto typed = parse(header + "H1,16186,1.200.000,KIÊN CỐ,Giếng khoan,Ti vi; điện thoại thông minh\n",
                             member_header + "H1,M1,Lò Thị Ún,Chủ hộ,Nữ,23/04/1967\n");
    ASSERT_TRUE(typed.problems.empty()) << typed.problems.front().column << ": " << typed.problems.front().message;
    const auto coded = parse(header + "H1,16186,1200000,permanent,drilled_well,tv;smartphone\n",
                             member_header + "H1,M1,Lò Thị Ún,head,female,1967-04-23\n");
    ASSERT_TRUE(coded.problems.empty());
    const Household a = typed.batch.household(0), b = coded.batch.household(0);
    EXPECT_EQ(a.income_per_capita, b.income_per_capita);
    EXPECT_EQ(a.housing_type, "permanent");
    EXPECT_EQ(a.water_source, b.water_source);
    EXPECT_EQ(a.info_assets, b.info_assets);
    EXPECT_EQ(a.members.at(0).relation, "head");
    EXPECT_EQ(a.members.at(0).sex, Sex::female);
    EXPECT_EQ(a.members.at(0).birth_date, b.members.at(0).birth_date);

    const auto wrong = parse(header + "H1,16186,\"1,200,000\",Nhà tầng,,\n" + "H2,16186,12.00,,,\n",
                             member_header + "H1,M1,A,Chủ hộ,Nữ,31/02/1967\n" + "H2,M2,B,head,male,1970\n");
    EXPECT_TRUE(has_problem(wrong.problems, "households.csv", 2, "income_per_capita", "ví dụ 1200000 hoặc 1.200.000"));
    EXPECT_TRUE(has_problem(wrong.problems, "households.csv", 3, "income_per_capita", "không hợp lệ"));
    EXPECT_TRUE(has_problem(wrong.problems, "households.csv", 2, "housing_type", "Kiên cố (permanent)"));
    EXPECT_TRUE(has_problem(wrong.problems, "members.csv", 2, "birth_date", "DD/MM/YYYY"));
}

TEST(Interchange, MembersReadInPartsGiveWhatOneStreamGives) {
    const std::string households =
        "household_id,unit_code,income_per_capita\nH1,16186,1500000\nH2,14797,\nH3,16186,x\nH4,16186,\nH5,16186,\n";
    std::string members = "household_id,member_id,relation,birth_date,full_name,ethnicity,extra_note\n";
    for (int k = 0; k < 40; ++k) {
        const std::string household = "H" + std::to_string(1 + k % 4);
        const std::string relation = k < 4 || k == 37 ? "head" : "child";
        const std::string birth = k == 21 ? "1990-02-30" : "1990";
        members += household + ",M" + std::to_string(k) + "," + relation + "," + birth + ",Tên " + std::to_string(k % 7) +
                   "," + (k % 3 ? "Kinh" : "Tày") + "," + (k % 5 ? "" : "ghi chú") + "\n";
    }
    members += "H1,M3,child,1990,,,\nHX,M99,child,1990,,,\n\nH2,M98,,1991,,,\n";

    const auto one = parse_interchange(RowStream::csv(households, "h.csv"), RowStream::csv(members, "m.csv"), rules());
    ASSERT_EQ(one.problems.size(), 6u);
    for (const std::size_t count : {2u, 3u, 7u}) {
        auto parts = RowStream::csv_parts(members, "m.csv", count);
        ASSERT_EQ(parts.size(), count);
        const auto split = parse_interchange(RowStream::csv(households, "h.csv"), std::move(parts), rules());
        ASSERT_EQ(split.problems.size(), one.problems.size()) << count << " parts";
        for (std::size_t i = 0; i < one.problems.size(); ++i)
            EXPECT_EQ(format_problem(split.problems[i]), format_problem(one.problems[i])) << count << " parts";
        EXPECT_EQ(split.household_rows, one.household_rows);
        ASSERT_EQ(split.batch.households(), one.batch.households());
        for (std::size_t i = 0; i < one.batch.households(); ++i)
            EXPECT_EQ(split.batch.household(i), one.batch.household(i)) << "household " << i << ", " << count << " parts";
    }
    EXPECT_TRUE(has_problem(one.problems, "m.csv", 39, "relation", "nhiều hơn một chủ hộ"));
    EXPECT_TRUE(has_problem(one.problems, "m.csv", 42, "member_id", "bị trùng với dòng 5"));
    EXPECT_TRUE(has_problem(one.problems, "m.csv", 43, "household_id", "HX"));
    EXPECT_TRUE(has_problem(one.problems, "m.csv", 23, "birth_date", "1990-02-30"));
    EXPECT_TRUE(has_problem(one.problems, "h.csv", 4, "income_per_capita", "x"));
    EXPECT_TRUE(has_problem(one.problems, "h.csv", 6, "household_id", "không có thành viên"));
}

// A quoted field may hold a line break, so a cut file with quotes is not trusted; read again as
// one part, it gives the rows one stream gives.
TEST(Interchange, ACutFileWithQuotesIsReadAgainAsOnePart) {
    const std::string members = "household_id,member_id,full_name\nH1,M1,\"Lê\nThị A\"\nH1,M2,B\nH1,M3,C\nH1,M4,D\n";
    auto parts = RowStream::csv_parts(members, "m.csv", 4);
    ASSERT_GT(parts.size(), 1u);
    std::vector<std::string_view> fields;
    long row = 0;
    for (auto& part : parts)
        while (part.next(fields, row)) {
        }
    EXPECT_FALSE(cut_is_sound(parts));
    auto whole = RowStream::csv_parts(parts.front().report->file_text, "m.csv", 1);
    std::vector<long> rows;
    while (whole[0].next(fields, row)) rows.push_back(row);
    EXPECT_EQ(rows, (std::vector<long>{2, 4, 5, 6}));
    EXPECT_TRUE(cut_is_sound(whole));
}

// Each part checks its text as it reads it, the last row included.
TEST(Interchange, PartsAreCheckedForUtf8) {
    std::string members = "household_id,member_id\n";
    for (int k = 0; k < 100; ++k) members += "H1,M" + std::to_string(k) + "\n";
    members += "H1,\xC3\x28\n";
    auto parts = RowStream::csv_parts(members, "m.csv", 2);
    ASSERT_EQ(parts.size(), 2u);
    std::vector<std::string_view> fields;
    long row = 0;
    while (parts[0].next(fields, row)) {
    }
    try {
        while (parts[1].next(fields, row)) {
        }
        ADD_FAILURE() << "invalid UTF-8 accepted";
    } catch (const FileProblem& e) {
        // Named where a user finds it: the line in the whole file, the column by its header.
        EXPECT_EQ(e.problem().file, "m.csv");
        EXPECT_EQ(e.problem().row, 102);
        EXPECT_EQ(e.problem().column, "member_id");
        EXPECT_NE(e.problem().message.find("UTF-8"), std::string::npos);
    }
}

TEST(Interchange, MissingRequiredColumnsAreReportedOnTheHeader) {
    const auto parsed = parse_interchange(parse_csv_table("household_id\nH1\n", "h.csv"),
                                          parse_csv_table("member_id,birth_date\nM1,1990\n", "m.csv"), rules());
    EXPECT_TRUE(has_problem(parsed.problems, "h.csv", 1, "unit_code", "thiếu cột"));
    EXPECT_TRUE(has_problem(parsed.problems, "m.csv", 1, "household_id", "thiếu cột"));
}

TEST(Interchange, PersonalIdMustMatchBirthYearAndSex) {
    Member m;
    m.birth_date = {1980, 3, 15};
    m.sex = Sex::male;
    EXPECT_EQ(personal_id_problem("038080000123", m), "");
    EXPECT_NE(personal_id_problem("03808000012", m), "");
    EXPECT_NE(personal_id_problem("038180000123", m), "");  // female digit
    EXPECT_NE(personal_id_problem("038081000123", m), "");  // year 81
    EXPECT_NE(personal_id_problem("000080000123", m), "");  // place 000
    m.birth_date = {2005, 1, 1};
    m.sex = Sex::female;
    EXPECT_EQ(personal_id_problem("001305000001", m), "");
}

// A valid file whose households are out of id order and whose members are interleaved across
// households, with answers in every kind of column (codes, flags, dates, names, extras).
std::pair<std::string, std::string> shuffled_files(int households) {
    std::string h = "household_id,unit_code,village,head_name,income_per_capita,deprived_employment,photo_ref\n";
    std::string m = "household_id,member_id,full_name,relation,sex,birth_date,ethnicity,uses_phone,note,personal_id\n";
    auto id = [&](int k) { return "HH-" + std::to_string((k * 37) % households + 1000); };
    for (int k = 0; k < households; ++k)
        h += id(k) + "," + (k % 2 ? "16186" : "14797") + ",Thôn " + std::to_string(k % 5) + ",Chủ " + std::to_string(k % 9) +
             "," + std::to_string(100000 * k) + "," + (k % 3 ? "" : "1") + "," + (k % 4 ? "" : "IMG" + std::to_string(k)) + "\n";
    for (int round = 0; round < 3; ++round)
        for (int k = households - 1; k >= 0; --k) {
            if (round > 0 && k % (round + 1)) continue;
            const bool male = k % 2 == 1;
            // Some member ids are their household's id and a number, as registries number them.
            const std::string member = male ? "M" + std::to_string(round) + "-" + std::to_string(k)
                                            : id(k) + "-" + std::to_string(round);
            // A valid personal id (place 038, century and sex, year) for two members in three.
            std::string personal;
            if (k % 3 != 1) {
                const std::string serial = std::to_string(100000 + k * 7 + round).substr(0, 6);
                personal = std::string("038") + (round == 2 ? (male ? "2" : "3") : (male ? "0" : "1")) +
                           (round == 2 ? "10" : "75") + serial;
            }
            m += id(k) + "," + member + ",Tên " + std::to_string((k + round) % 11) + "," + (round == 0 ? "head" : "child") +
                 "," + (male ? "male" : "female") + "," +
                 (round == 2 ? "2010" : "1975-0" + std::to_string(1 + k % 9) + "-1" + std::to_string(k % 10)) + "," +
                 (k % 3 ? "Kinh" : "Mông") + "," + (male ? "1" : "") + "," + (k % 5 ? "" : "ghi chú " + std::to_string(k)) +
                 "," + personal + "\n";
        }
    return {h, m};
}

// Staged in pieces of any size, from any number of parts, the households come out in id order,
// each with the members the whole parse gives it, in file order.
TEST(Interchange, StagedPiecesAreTheParsedHouseholdsInIdOrder) {
    for (const bool quoted : {false, true}) {
        auto [households, members] = shuffled_files(50);
        // Quoted fields, one with a line break: a file cut into parts is then read again as one.
        if (quoted)
            for (auto [text, plain, with_quotes] :
                 {std::tuple{&households, ",Chủ 4,", ",\"Chủ\n4\","}, std::tuple{&members, ",Tên 3,", ",\"Tên, 3\","}})
                for (std::size_t at = text->find(plain); at != std::string::npos; at = text->find(plain, at + 1))
                    text->replace(at, std::string(plain).size(), with_quotes);
        const auto whole =
            parse_interchange(RowStream::csv(households, "h.csv"), RowStream::csv(members, "m.csv"), rules());
        ASSERT_TRUE(whole.ok()) << format_problem(whole.problems.front());
        std::vector<Household> expected = whole.households();
        std::sort(expected.begin(), expected.end(),
                  [](const Household& a, const Household& b) { return a.household_id < b.household_id; });
        ASSERT_NE(expected, whole.households());  // the file is not in id order
        // Ids come back as written (the staged records keep them in short forms).
        std::size_t personal_ids = 0;
        for (const auto& h : expected)
            for (const auto& m : h.members) {
                EXPECT_NE(members.find("," + m.member_id + ","), std::string::npos) << m.member_id;
                if (m.personal_id.empty()) continue;
                ++personal_ids;
                EXPECT_NE(members.find("," + m.personal_id + "\n"), std::string::npos) << m.personal_id;
            }
        EXPECT_GT(personal_ids, 30u);
        for (const std::size_t piece : {1u, 3u, 7u, 50u, 64u})
            for (const std::size_t part_count : {1u, 3u}) {
                StageOptions options;
                options.piece_households = piece;
                options.id_run_members = 4;
                const auto staged = stage_interchange(RowStream::csv_parts(households, "h.csv", part_count),
                                                      RowStream::csv_parts(members, "m.csv", part_count), rules(), options);
                ASSERT_TRUE(staged.ok()) << format_problem(staged.problems.front());
                ASSERT_TRUE(staged.pieces);
                EXPECT_EQ(staged.households, 50u);
                EXPECT_EQ(staged.members, whole.batch.members());
                EXPECT_EQ(staged.pieces->pieces(), (50 + piece - 1) / piece);
                std::vector<Household> read;
                for (std::size_t k = 0; k < staged.pieces->pieces(); ++k) {
                    const HouseholdBatch batch = staged.pieces->piece(k);
                    for (std::size_t i = 0; i < batch.households(); ++i) {
                        EXPECT_EQ(staged.pieces->id(read.size()), batch.image.household_ids[i]);
                        read.push_back(batch.household(i));
                    }
                }
                EXPECT_EQ(read, expected) << "pieces of " << piece << ", " << part_count << " parts, quoted " << quoted;
            }
    }
}

// A check only (a dry run) finds what staging finds, without setting members aside.
TEST(Interchange, ACheckOnlyStagingCountsTheSameAndKeepsNoPieces) {
    auto [households, members] = shuffled_files(20);
    const auto kept = stage_interchange(RowStream::csv_parts(households, "h.csv", 2), RowStream::csv_parts(members, "m.csv", 2), rules());
    StageOptions check_only;
    check_only.keep_members = false;
    const auto checked =
        stage_interchange(RowStream::csv_parts(households, "h.csv", 2), RowStream::csv_parts(members, "m.csv", 2), rules(), check_only);
    ASSERT_TRUE(kept.ok());
    ASSERT_TRUE(checked.ok());
    EXPECT_TRUE(kept.pieces);
    EXPECT_FALSE(checked.pieces);
    EXPECT_EQ(checked.households, kept.households);
    EXPECT_EQ(checked.members, kept.members);
    members += "HH-1003,M0-5,X,child,male,2000,,,,\n";
    const auto repeated =
        stage_interchange(RowStream::csv_parts(households, "h.csv", 2), RowStream::csv_parts(members, "m.csv", 2), rules(), check_only);
    ASSERT_EQ(repeated.problems.size(), 1u);
    EXPECT_NE(repeated.problems[0].message.find("M0-5"), std::string::npos);
}

// Duplicate member ids are found whichever run of the check their ids fall in.
TEST(Interchange, DuplicateMemberIdsAreFoundInAnyNumberOfRuns) {
    auto [households, members] = shuffled_files(30);
    members += "HH-1003,M0-5,X,child,male,2000,,,,\nHH-1004,M2-9,Y,child,male,2000,,,,\nHH-1005,M0-5,Z,child,male,2000,,,,\n";
    std::vector<std::string> first;
    for (const std::size_t per_run : {1u, 5u, 1000u}) {
        StageOptions options;
        options.id_run_members = per_run;
        const auto staged =
            stage_interchange(RowStream::csv_parts(households, "h.csv", 2), RowStream::csv_parts(members, "m.csv", 2), rules(), options);
        EXPECT_FALSE(staged.pieces);
        std::vector<std::string> problems;
        for (const auto& p : staged.problems) problems.push_back(format_problem(p));
        ASSERT_EQ(problems.size(), 3u) << per_run;
        if (first.empty()) first = problems;
        EXPECT_EQ(problems, first) << per_run << " members per run";
    }
    EXPECT_NE(first[0].find("M0-5"), std::string::npos) << first[0];
    EXPECT_NE(first[2].find("M0-5"), std::string::npos) << first[2];
}

// An id repeated in households.csv is reported against its first row, after the row's own
// problems, wherever the parts of the file were cut; the repeats are left out.
TEST(Interchange, RepeatedHouseholdIdsInPartsAreReportedAsOneStreamReportsThem) {
    auto [households, members] = shuffled_files(40);
    households += "HH-1003,16186,,,,,\nHH-1007,99999,,,x,,\nHH-1003,14797,,,,,\n";
    const auto one = parse_interchange(RowStream::csv(households, "h.csv"), RowStream::csv(members, "m.csv"), rules());
    ASSERT_EQ(one.problems.size(), 5u);
    EXPECT_TRUE(has_problem(one.problems, "h.csv", 42, "household_id", "bị trùng với dòng"));
    EXPECT_TRUE(has_problem(one.problems, "h.csv", 43, "unit_code", "99999"));
    EXPECT_TRUE(has_problem(one.problems, "h.csv", 43, "income_per_capita", "x"));
    EXPECT_TRUE(has_problem(one.problems, "h.csv", 43, "household_id", "bị trùng với dòng"));
    EXPECT_TRUE(has_problem(one.problems, "h.csv", 44, "household_id", "bị trùng với dòng"));
    EXPECT_EQ(one.batch.households(), 40u);
    for (const std::size_t count : {2u, 3u, 5u}) {
        const auto staged = stage_interchange(RowStream::csv_parts(households, "h.csv", count),
                                              RowStream::csv_parts(members, "m.csv", count), rules());
        std::vector<std::string> expected, got;
        for (const auto& p : one.problems) expected.push_back(format_problem(p));
        for (const auto& p : staged.problems) got.push_back(format_problem(p));
        EXPECT_EQ(got, expected) << count << " parts";
        EXPECT_EQ(staged.households, 40u);
    }
}

const char* kHouseholds =
    "household_id,unit_code,village,head_name,area,income_per_capita,score_a,housing_type,housing_area_m2,"
    "water_source,latrine,info_assets,hears_loudspeaker,waste_treatment,deprived_housing_area,photo_ref\n"
    "H1,16186,Làng Sao,\"Lò Văn A, con\",,1200000,,simple,23.99,piped,septic,tv;smartphone,1,collected,1,IMG_1\n"
    "H2,14797,,,urban,,150.5,,8,,,none,0,,,\n";
const char* kMembers =
    "household_id,member_id,full_name,personal_id,relation,sex,birth_date,ethnicity,disability,social_protection,"
    "revolutionary_merit,health_insurance,employment,attending_level,completed_level,stunted,underweight,uses_phone,"
    "uses_internet,note\n"
    "H1,M1,Lò Văn A,038080000123,head,male,1980-03-15,Thái,none,0,0,1,self_employed,none,primary,,,1,0,\n"
    "H1,M2,Lò Thị B,,spouse,female,1982,Thái,,,,,,,,,,,,ghi chú\n"
    "H2,M3,,,,,2019-06-30,,,,,,,preschool,,0,1,,,\n";

TEST(Interchange, CsvRoundTripLosesNothing) {
    const auto parsed = parse_interchange(parse_csv_table(kHouseholds, "h.csv"), parse_csv_table(kMembers, "m.csv"), rules());
    ASSERT_TRUE(parsed.ok());
    const std::vector<Household> first = parsed.households();
    EXPECT_EQ(first[0].extra, (std::vector<std::pair<std::string, std::string>>{{"photo_ref", "IMG_1"}}));
    EXPECT_EQ(first[0].housing_area_milli_m2, 23990);
    EXPECT_TRUE(first[1].info_assets && first[1].info_assets->empty());
    EXPECT_TRUE(first[0].members[1].birth_year_only);
    const std::string h_text = to_csv(households_table(first));
    const std::string m_text = to_csv(members_table(first));
    const auto second = parse_interchange(parse_csv_table(h_text, "h2.csv"), parse_csv_table(m_text, "m2.csv"), rules());
    ASSERT_TRUE(second.ok());
    EXPECT_EQ(second.households(), first);
    EXPECT_EQ(to_csv(households_table(second.households())), h_text);
}

TEST(Interchange, XlsxRoundTripLosesNothingAndKeepsLeadingZeros) {
    test::TempDir dir;
    const auto parsed = parse_interchange(parse_csv_table(kHouseholds, "h.csv"), parse_csv_table(kMembers, "m.csv"), rules());
    ASSERT_TRUE(parsed.ok());
    const std::vector<Household> first = parsed.households();
    write_xlsx_table(dir.path("h.xlsx"), households_table(first), "households", kHouseholdNumericColumns);
    write_xlsx_table(dir.path("m.xlsx"), members_table(first), "members");
    const Table h = read_xlsx_table(dir.path("h.xlsx"));
    EXPECT_EQ(h.row_numbers, (std::vector<long>{2, 3}));
    const auto second = parse_interchange(h, read_xlsx_table(dir.path("m.xlsx")), rules());
    for (const auto& p : second.problems) ADD_FAILURE() << format_problem(p);
    EXPECT_EQ(second.households(), first);
}

}  // namespace
}  // namespace giamngheo::io
