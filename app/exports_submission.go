package app

import (
	"context"

	"fyne.io/fyne/v2/lang"

	"pilotdesk/data"
	"pilotdesk/export"
)

// 导出 → 报送市政协… (a county's database, issue 20): the 报送表, one
// workbook the city merges, for a period (this year to date unless
// changed), through the export dialog and its progress like every report.

// startSubmission opens the export dialog for the 报送表.
func (u *UI) startSubmission() {
	j := exportJob{submit: true, period: true}
	today := data.Today()
	j.opts.From, j.opts.To = data.NewDate(today.Year(), 1, 1), today
	j.info = lang.L("exports.submission_info")
	u.startExport(j)
}

// submissionFileName is the name proposed for the 报送表, the county's
// name first, so that the city tells its files apart:
// 陆良县报送表（2026-01-01至2026-12-07）.xlsx.
func submissionFileName(u *UI, opts export.Options) string {
	county, _ := u.store.Setting(u.ctx, data.SettingDistrict)
	return export.SafeFileName(county+export.ReportSubmission.Name()+"（"+opts.From.String()+"至"+opts.To.String()+"）") + ".xlsx"
}

// writeSubmission writes the 报送表 to path, reporting progress.
func writeSubmission(ctx context.Context, st *data.Store, path string, opts export.Options) error {
	return export.WriteReport(ctx, st, path, data.Period{From: opts.From, To: opts.To}, Version, opts.Progress)
}
