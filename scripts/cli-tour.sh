#!/usr/bin/env bash
# Sets up, then builds a demo store of its own and walks one review through the command line:
# units import, a few thousand synthetic households, the 2024 review approved, the 2025
# review with transitions, statistics on both maps and one household's explanation.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh

bin=build/release/cli/giamngheo
units=../shared/data/admin-units
[ -d "$units" ] || units=testing/fixtures/units
demo=${GIAMNGHEO_DEMO_DIR:-demo}
db="$demo/giamngheo.db"
mkdir -p "$demo"
rm -f "$db" "$db-wal" "$db-shm"

echo "== Đơn vị hành chính: $units"
"$bin" --db "$db" units import "$units"
echo "== Sinh 5.000 hộ mẫu của tỉnh Thanh Hóa (mã 38)"
"$bin" generate --units "$units" --households 5000 --seed 2024 --scope 38 --out-dir "$demo/data"
"$bin" --db "$db" import --households "$demo/data/households.csv" --members "$demo/data/members.csv"
echo "== Rà soát định kỳ năm 2024 (chuẩn vn-2022), phê duyệt ngày 20/12/2024"
round_2024=$("$bin" --db "$db" review run --year 2024 --standard vn-2022 --reference-date 2024-11-01)
"$bin" --db "$db" review approve --round "$round_2024" --decision-date 2024-12-20
echo "== Rà soát định kỳ năm 2025 trên bản đồ mới"
round_2025=$("$bin" --db "$db" review run --year 2025 --standard vn-2022 --reference-date 2025-11-01)
"$bin" --db "$db" stats --round "$round_2025" --by province --out "$demo/stats-province.csv"
"$bin" --db "$db" stats --round "$round_2025" --by commune --out "$demo/stats-commune.xlsx"
"$bin" --db "$db" review export --round "$round_2025" --out "$demo/results-2025.csv"
"$bin" --db "$db" review what-if --round "$round_2025" --standard vn-2027 --out "$demo/what-if-vn-2027.csv"
echo "== Thống kê toàn tỉnh (stats-province.csv):"
cut -d, -f1-13 "$demo/stats-province.csv"
household=$(awk -F, '$4 == "poor" { print $1; exit }' "$demo/results-2025.csv")
echo "== Vì sao hộ $household là hộ nghèo:"
"$bin" --db "$db" review explain --round "$round_2025" --household "$household"
echo
echo "Cơ sở dữ liệu demo: $db — thử: $bin --db $db --help"
