#include "kernel/labels_vi.hpp"

#include <map>

namespace giamngheo {
namespace {

const std::map<std::string, std::map<std::string, std::string>>& labels() {
    static const std::map<std::string, std::map<std::string, std::string>> kLabels = {
        {"housing_type", {{"permanent", "nhà kiên cố"}, {"semi_permanent", "nhà bán kiên cố"},
                          {"less_permanent", "nhà thiếu kiên cố"}, {"simple", "nhà đơn sơ"}}},
        {"water_source", {{"piped", "nước máy"}, {"drilled_well", "giếng khoan"},
                          {"protected_dug_well", "giếng đào được bảo vệ"}, {"protected_spring", "nước khe/mó được bảo vệ"},
                          {"rainwater", "nước mưa"}, {"bottled", "nước đóng chai"},
                          {"unprotected_dug_well", "giếng đào không được bảo vệ"},
                          {"unprotected_spring", "nước khe/mó không được bảo vệ"}, {"surface", "nước sông, suối, ao, hồ"},
                          {"other", "nguồn khác"}}},
        {"latrine", {{"septic", "tự hoại"}, {"semi_septic", "bán tự hoại"}, {"pour_flush", "dội nước"},
                     {"double_vault", "hai ngăn"}, {"ventilated_pit", "chìm có ống thông hơi"},
                     {"pit_with_slab", "hố xí có bệ"}, {"unhygienic", "không hợp vệ sinh"}, {"none", "không có nhà tiêu"}}},
        {"waste_treatment", {{"collected", "được thu gom"}, {"hygienic_self", "tự xử lý hợp vệ sinh"},
                             {"unhygienic", "không xử lý hợp vệ sinh"}}},
    };
    return kLabels;
}

}  // namespace

std::string label_vi(const std::string& field, const std::string& code) {
    const auto& all = labels();
    auto f = all.find(field);
    if (f == all.end()) return code;
    auto c = f->second.find(code);
    return c == f->second.end() ? code : c->second;
}

std::string field_label_vi(const std::string& field) {
    static const std::map<std::string, std::string> kFields = {
        {"housing_type", "Loại nhà"}, {"water_source", "Nguồn nước"}, {"latrine", "Nhà tiêu"},
        {"waste_treatment", "Xử lý rác thải"}, {"housing_area_m2", "diện tích nhà ở"},
        {"info_assets", "phương tiện tiếp cận thông tin"}, {"hears_loudspeaker", "loa truyền thanh"},
        {"members", "danh sách thành viên"}};
    auto it = kFields.find(field);
    return it == kFields.end() ? field : it->second;
}

}  // namespace giamngheo
