#include <gtest/gtest.h>

#include <filesystem>

#include "platform/environment.hpp"
#include "kernel/placement.hpp"
#include "modules/units/formats/unit_files.hpp"
#include "testing/support.hpp"

namespace giamngheo {
namespace {

UnitCatalogue catalogue(const io::UnitFiles& files) {
    UnitCatalogue c;
    for (const auto& u : files.units) c.add(u);
    for (const auto& l : files.lineage) c.add_lineage(l);
    return c;
}

TEST(Units, RealFilesLoadWithTheirCountsAndLineage) {
    if (!std::filesystem::exists(test::kSharedUnits)) GTEST_SKIP() << "../shared/data/admin-units is not beside the project";
    const io::UnitFiles files = io::read_unit_files(test::kSharedUnits);
    ASSERT_TRUE(files.problems.empty());
    const UnitCatalogue c = catalogue(files);
    EXPECT_EQ(c.units(UnitMap::map2024, UnitLevel::province).size(), 63u);
    EXPECT_EQ(c.units(UnitMap::map2024, UnitLevel::district).size(), 696u);
    EXPECT_EQ(c.units(UnitMap::map2024, UnitLevel::commune).size(), 10035u);
    EXPECT_EQ(c.units(UnitMap::map2025, UnitLevel::province).size(), 34u);
    EXPECT_EQ(c.units(UnitMap::map2025, UnitLevel::commune).size(), 3321u);
    EXPECT_EQ(files.lineage.size(), 10667u);
    // Bình Lương (Như Xuân, Thanh Hóa) went whole into Xã Hóa Quỳ.
    EXPECT_EQ(c.place("16204", UnitMap::map2024, "", UnitMap::map2025).commune, "16186");
    EXPECT_EQ(*c.ancestor("16204", UnitMap::map2024, UnitLevel::district), "402");
    // A dissolved commune of early 2025 still maps to its successor.
    EXPECT_FALSE(c.place("07693", UnitMap::map2024, "", UnitMap::map2025).commune.empty());
    // Đồng Nai became a centrally-governed city on 2026-04-30; Phó Bảng was corrected to Phố Bảng.
    EXPECT_EQ(c.find("75", UnitMap::map2025, Date{2026, 4, 29})->type, "Tỉnh");
    EXPECT_EQ(c.find("75", UnitMap::map2025, Date{2026, 4, 30})->type, "Thành phố trực thuộc trung ương");
    EXPECT_EQ(c.find("00745", UnitMap::map2025, Date{2026, 5, 1})->name, "Phố Bảng");
}

TEST(Units, SplitCommunesArePlacedPerHouseholdOrReported) {
    const io::UnitFiles files = io::read_unit_files(test::kUnitsFixture);
    ASSERT_TRUE(files.problems.empty());
    const UnitCatalogue c = catalogue(files);
    const Placer placer(c, test::test_environment().area_rules());
    const Date at{2024, 11, 1};
    // 16264 Yên Thọ was split between 16228 and 16264.
    EXPECT_EQ(placer.group({"16264", ""}, "", UnitLevel::commune, UnitMap::map2025, at).commune, "");
    EXPECT_NE(placer.group({"16264", ""}, "", UnitLevel::commune, UnitMap::map2025, at).reason, "");
    EXPECT_EQ(placer.group({"16264", "16228"}, "", UnitLevel::commune, UnitMap::map2025, at).commune, "16228");
    // A split commune still belongs to its province.
    EXPECT_EQ(placer.group({"16264", ""}, "", UnitLevel::province, UnitMap::map2025, at).commune, "38");
    // New → old only when the new commune has exactly one predecessor.
    EXPECT_EQ(placer.group({"16174", ""}, "", UnitLevel::commune, UnitMap::map2024, Date{2025, 11, 1}).commune, "");
    EXPECT_EQ(placer.group({"16264", ""}, "", UnitLevel::commune, UnitMap::map2024, Date{2025, 11, 1}).commune, "16264");
    EXPECT_EQ(placer.group({"16186", ""}, "", UnitLevel::district, UnitMap::map2024, at).commune, "402");
    EXPECT_TRUE(placer.in_scope({"16204", ""}, "402", at));
    EXPECT_TRUE(placer.in_scope({"16204", ""}, "16186", Date{2025, 11, 1}));
    EXPECT_FALSE(placer.in_scope({"16204", ""}, "22", at));
}

TEST(Units, AreaFollowsTheCommuneTypeAtTheReferenceDate) {
    const UnitCatalogue c = catalogue(io::read_unit_files(test::kUnitsFixture));
    const Placer placer(c, test::test_environment().area_rules());
    EXPECT_EQ(placer.area({"16174", ""}, "", Date{2024, 11, 1}), "urban");   // Thị trấn Yên Cát
    EXPECT_EQ(placer.area({"16174", ""}, "", Date{2025, 11, 1}), "rural");   // Xã Như Xuân
    EXPECT_EQ(placer.area({"06994", ""}, "", Date{2025, 11, 1}), "rural");   // Đặc khu
    EXPECT_EQ(placer.area({"16264", ""}, "", Date{2026, 4, 29}), "rural");
    EXPECT_EQ(placer.area({"16264", ""}, "", Date{2026, 4, 30}), "urban");
    EXPECT_EQ(placer.area({"16264", ""}, "urban", Date{2024, 11, 1}), "urban");
}

TEST(Units, MalformedFilesAreReportedByRowAndColumn) {
    test::TempDir dir;
    for (const char* name : {"units-2025.csv", "mapping-2024-2025.csv"})
        std::filesystem::copy_file(test::kUnitsFixture + "/" + name, dir.path(name));
    test::write_text(dir.path("units-2024.csv"),
                     "code,name,level,parent_code,type,full_name\n38,Thanh Hóa,province,,Tỉnh,Tỉnh Thanh Hóa\n"
                     "16204,Bình Lương,hamlet,402,Xã,Xã Bình Lương\n16205,X,commune,999,Xã,Xã X\n");
    const io::UnitFiles files = io::read_unit_files(dir.path());
    ASSERT_EQ(files.problems.size(), 3u);
    EXPECT_EQ(files.problems[0].row, 3);
    EXPECT_EQ(files.problems[0].column, "level");
    EXPECT_EQ(files.problems[2].column, "parent_code");
}

}  // namespace
}  // namespace giamngheo
