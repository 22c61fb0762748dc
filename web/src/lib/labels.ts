// Vietnamese labels of the codes of the interchange format and of the API.

export type Options = ReadonlyArray<readonly [string, string]>

export const ROLES: Record<string, string> = {
  admin: 'Quản trị hệ thống',
  province_officer: 'Cán bộ cấp tỉnh',
  commune_officer: 'Cán bộ cấp xã',
  reviewer: 'Rà soát viên',
  viewer: 'Người xem',
}

export const CLASSES: Record<string, string> = {
  poor: 'Hộ nghèo',
  near_poor: 'Hộ cận nghèo',
  average: 'Hộ có mức sống trung bình',
  above_average: 'Trên mức trung bình',
  unclassified: 'Chưa phân loại',
}

export const CLASS_TAG: Record<string, 'danger' | 'warning' | 'success' | 'info' | 'primary'> = {
  poor: 'danger',
  near_poor: 'warning',
  average: 'primary',
  above_average: 'success',
  unclassified: 'info',
}

export const INCOME_TEST: Record<string, string> = {
  low_income: 'Thu nhập dưới chuẩn',
  average_band: 'Thu nhập trong khoảng mức sống trung bình',
  above: 'Thu nhập trên mức trung bình',
  unknown: 'Chưa rõ thu nhập',
}

export const TRANSITIONS: Record<string, string> = {
  remained_poor: 'Vẫn nghèo',
  escaped_poverty: 'Thoát nghèo',
  fell_into_poverty: 'Từ cận nghèo thành nghèo',
  remained_near_poor: 'Vẫn cận nghèo',
  escaped_near_poverty: 'Thoát cận nghèo',
  newly_poor: 'Nghèo phát sinh',
  relapsed_poor: 'Tái nghèo',
  newly_near_poor: 'Cận nghèo phát sinh',
  relapsed_near_poor: 'Tái cận nghèo',
  recently_escaped: 'Mới thoát nghèo',
}

export const FLAGS: Record<string, string> = {
  ethnic_minority: 'Dân tộc thiểu số',
  revolutionary_merit: 'Người có công',
  social_protection_only: 'Chỉ gồm đối tượng bảo trợ xã hội',
  no_labour_capacity: 'Không có khả năng lao động',
  female_head: 'Chủ hộ là nữ',
}

export const LEVELS: Record<string, string> = {
  all: 'Tổng số',
  country: 'Toàn quốc',
  province: 'Tỉnh',
  district: 'Huyện',
  commune: 'Xã',
  village: 'Thôn',
}

export const AREAS: Record<string, string> = { rural: 'Nông thôn', urban: 'Thành thị' }

export const ROUND_KINDS: Record<string, string> = {
  periodic: 'Rà soát định kỳ',
  regular: 'Rà soát thường xuyên',
}

export const ROUND_STATUS: Record<string, string> = {
  draft: 'Chưa phê duyệt',
  done: 'Đã chạy, chưa phê duyệt',
  completed: 'Đã chạy, chưa phê duyệt',
  running: 'Đang chạy',
  approved: 'Đã phê duyệt',
  failed: 'Lỗi',
}

export const HOUSING_TYPES: Record<string, string> = {
  permanent: 'Kiên cố',
  semi_permanent: 'Bán kiên cố',
  less_permanent: 'Thiếu kiên cố',
  simple: 'Đơn sơ',
}

export const WATER_SOURCES: Record<string, string> = {
  piped: 'Nước máy',
  drilled_well: 'Giếng khoan',
  protected_dug_well: 'Giếng đào được bảo vệ',
  protected_spring: 'Nước khe/mỏ được bảo vệ',
  rainwater: 'Nước mưa',
  bottled: 'Nước đóng chai',
  unprotected_dug_well: 'Giếng đào không được bảo vệ',
  unprotected_spring: 'Nước khe/mỏ không được bảo vệ',
  surface: 'Nước mặt (sông, suối, ao, hồ)',
  other: 'Nguồn khác',
}

export const LATRINES: Record<string, string> = {
  septic: 'Tự hoại',
  semi_septic: 'Bán tự hoại',
  pour_flush: 'Dội nước',
  double_vault: 'Hai ngăn',
  ventilated_pit: 'Chìm có ống thông hơi',
  pit_with_slab: 'Hố xí có bệ',
  unhygienic: 'Không hợp vệ sinh',
  none: 'Không có',
}

export const INFO_ASSETS: Record<string, string> = {
  tv: 'Ti vi',
  radio: 'Đài',
  computer: 'Máy tính',
  smartphone: 'Điện thoại thông minh',
}

export const WASTE: Record<string, string> = {
  collected: 'Được thu gom',
  hygienic_self: 'Tự xử lý hợp vệ sinh',
  unhygienic: 'Không hợp vệ sinh',
}

export const RELATIONS: Record<string, string> = {
  head: 'Chủ hộ',
  spouse: 'Vợ/chồng',
  child: 'Con',
  parent: 'Bố/mẹ',
  grandchild: 'Cháu',
  sibling: 'Anh/chị/em',
  other: 'Khác',
}

export const SEXES: Record<string, string> = { male: 'Nam', female: 'Nữ' }

export const DISABILITIES: Record<string, string> = {
  none: 'Không',
  mild: 'Nhẹ',
  severe: 'Nặng',
  very_severe: 'Đặc biệt nặng',
}

export const EMPLOYMENT: Record<string, string> = {
  wage_contract: 'Làm công có hợp đồng',
  wage_no_contract: 'Làm công không có hợp đồng',
  self_employed: 'Tự làm',
  unpaid_family: 'Lao động gia đình không hưởng lương',
  unemployed: 'Thất nghiệp',
  not_in_labour_force: 'Không tham gia lực lượng lao động',
}

export const ATTENDING_LEVELS: Record<string, string> = {
  none: 'Không đi học',
  preschool: 'Mầm non',
  primary: 'Tiểu học',
  lower_secondary: 'THCS',
  upper_secondary: 'THPT',
  vocational: 'Học nghề',
  higher: 'Cao đẳng/đại học',
}

export const COMPLETED_LEVELS: Record<string, string> = {
  none: 'Chưa tốt nghiệp cấp nào',
  primary: 'Tiểu học',
  lower_secondary: 'THCS',
  upper_secondary: 'THPT',
  vocational_elementary: 'Sơ cấp nghề',
  vocational_intermediate: 'Trung cấp',
  college: 'Cao đẳng',
  university: 'Đại học trở lên',
}

/** Indicator names when the standard does not give one (vn-2022 and vn-2027 keys). */
export const INDICATORS: Record<string, string> = {
  employment: 'Việc làm',
  dependants: 'Người phụ thuộc trong hộ',
  nutrition: 'Dinh dưỡng',
  health_insurance: 'Bảo hiểm y tế',
  adult_education: 'Trình độ giáo dục của người lớn',
  child_schooling: 'Tình trạng đi học của trẻ em',
  housing_quality: 'Chất lượng nhà ở',
  housing_area: 'Diện tích nhà ở bình quân đầu người',
  water: 'Nguồn nước sinh hoạt',
  latrine: 'Nhà tiêu hợp vệ sinh',
  telecom: 'Sử dụng dịch vụ viễn thông',
  info_access: 'Phương tiện phục vụ tiếp cận thông tin',
  digital_services: 'Sử dụng dịch vụ số',
  waste: 'Xử lý rác thải',
}

export const BOOLEAN: Record<string, string> = { '1': 'Có', '0': 'Không' }

export function label(map: Record<string, string>, code: unknown): string {
  if (code === null || code === undefined || code === '') return '—'
  const key = String(code)
  return map[key] ?? key
}

export function options(map: Record<string, string>): Options {
  return Object.entries(map)
}
