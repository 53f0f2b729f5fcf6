// Package reports writes ShiftGuard's Excel reports and reads the
// spreadsheets a center starts with, using excelize.
//
// Exports (labels in Chinese or English, numbers as numbers, dates as date
// cells): WriteRoster (排班表, the month grid), WriteAttendance (考勤表) and
// WriteAttendanceDetail (考勤明细, streamed, for a year of data),
// WriteViolations (违纪明细), WriteDiscipline (奖惩汇总 with a weekly chart)
// and WriteHandovers (交接班记录). Each takes a plain input struct of domain
// types; Export gathers those inputs through the store's service.
//
// Imports (.xlsx or CSV in UTF-8, UTF-8 with BOM, GBK or UTF-16):
// ImportEmployees, ImportRoster / ImportRosterGrid (the grid WriteRoster
// writes) and ImportPunches (a time clock's export, with a PunchMapping
// from DetectPunchMapping or a mapping dialog). Every import validates
// every row and returns either all records or an *ImportError listing up
// to MaxProblems problems as Sheet!Cell: why. Import writes them through
// the store in one transaction.
//
// Benchmarks: go test -run XXX -bench . ./reports (BenchmarkAttendanceYear
// against BenchmarkBareStreamWriter, BenchmarkImportPunchesCSV); the
// LibreOffice check runs when libreoffice is on PATH.
package reports
