package export

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"pilotdesk/data"
)

// Report names one kind of workbook, as typed on the command line.
type Report string

const (
	ReportRoster Report = "roster" // 试点单位及挂包联系一览表
	ReportPanels Report = "panels" // 政策顾问团名册
	ReportSignIn Report = "signin" // 签到表 of one activity
	ReportLedger Report = "ledger" // 协商议事活动台账
	ReportStats  Report = "stats"  // 统计表
	// 工作情况统计表 alone (the first sheet of the statistics)
	ReportSummary   Report = "summary"
	ReportFollowUps Report = "followups" // 督办事项台账
	ReportCases     Report = "cases"     // 典型案例
)

// Reports lists the reports built from the database, in menu order.
var Reports = []Report{ReportRoster, ReportPanels, ReportSignIn, ReportLedger, ReportFollowUps, ReportCases, ReportSummary, ReportStats, ReportTopics}

// HasPeriod tells whether the report covers a period (the export dialog
// asks for one).
func (r Report) HasPeriod() bool {
	switch r {
	case ReportLedger, ReportStats, ReportSummary, ReportFollowUps, ReportCases, ReportSubmission:
		return true
	}
	return false
}

// Options chooses what a report covers. Zero fields mean "everything" or
// "today".
type Options struct {
	From, To data.Date // the period (ledger, stats; sign-in ignores it); zero ends are open
	// Filter is the ledger screen's filter (township, site, source,
	// follow-up, keyword); From/To above, when set, replace its dates.
	Filter     data.ActivityFilter
	ActivityID uint      // the activity of a sign-in sheet
	PlanID     uint      // or the consultation planned, with its invitees (signInActivity)
	Phones     bool      // the sign-in sheet has a 联系电话 column
	On         data.Date // roster: whose assignments count; zero: To, or today when To is to come
	ReportDate data.Date // 填报日期; zero: today
	// Progress is told how many rows of how many are written (ledger); it
	// is called from the exporting goroutine.
	Progress func(done, total int)
}

// reportWords are each report's name (as printed, and as the file name)
// and what its title says after the office's name.
var reportWords = map[Report][2]string{
	ReportRoster:     {"试点单位及挂包联系一览表", "“协商在基层”试点单位及挂包联系一览表"},
	ReportPanels:     {"政策顾问团名册", "政策顾问团名册"},
	ReportSignIn:     {"协商议事活动签到表", "“协商在基层”协商议事活动签到表"},
	ReportLedger:     {"协商议事活动台账", "“协商在基层”协商议事活动台账"},
	ReportStats:      {"统计表", "“协商在基层”工作统计表"},
	ReportSummary:    {"工作情况统计表", "“协商在基层”工作情况统计表"},
	ReportFollowUps:  {"督办事项台账", "“协商在基层”督办事项台账"},
	ReportCases:      {"典型案例", "“协商在基层”典型案例目录"},
	ReportTopics:     {"议题库", "“协商在基层”议题库"},
	ReportSubmission: {"报送表", "“协商在基层”工作报送表"},
}

// Name is the report's title in Chinese, as printed and as the file name.
func (r Report) Name() string {
	if w, ok := reportWords[r]; ok {
		return w[0]
	}
	return string(r)
}

// DefaultPeriod is the period a ledger or statistics report covers when
// none is given: this year, as the window proposes. One end given keeps
// the other open.
func DefaultPeriod(from, to, today data.Date) (data.Date, data.Date) {
	if from.IsZero() && to.IsZero() {
		return data.NewDate(today.Year(), time.January, 1), data.NewDate(today.Year(), time.December, 31)
	}
	return from, to
}

// FileName proposes a file name for the save dialog, e.g.
// 协商议事活动台账（2024-01-01至2024-06-30）.xlsx, or a sign-in sheet's
// 签到表-2020年5月8日-小寨社区.xlsx (its activity is read from st).
func FileName(ctx context.Context, st *data.Store, r Report, opts Options) string {
	name := r.Name()
	switch {
	case r == ReportSignIn && (opts.ActivityID != 0 || opts.PlanID != 0):
		if a, err := signInActivity(ctx, st, opts); err == nil {
			name = "签到表-" + a.Date.Chinese() + "-" + a.SiteName
		}
	case r.HasPeriod():
		if p := periodShort(opts.From, opts.To); p != "" {
			name += "（" + p + "）"
		}
	}
	return SafeFileName(name) + ".xlsx"
}

// SafeFileName makes s usable as a file name on Windows: the characters it
// refuses become _, and trailing dots and spaces go.
func SafeFileName(s string) string {
	s = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`<>:"/\|?*`, r) || r < 32 {
			return '_'
		}
		return r
	}, s)
	if s = strings.TrimRight(strings.TrimSpace(s), ". "); s == "" {
		return "export"
	}
	return s
}

func periodShort(from, to data.Date) string {
	switch {
	case !from.IsZero() && !to.IsZero():
		return from.String() + "至" + to.String()
	case !from.IsZero():
		return from.String() + "起"
	case !to.IsZero():
		return "截至" + to.String()
	}
	return ""
}

// Run writes report r to path; for the command line and a menu that keeps
// the report as a value.
func Run(ctx context.Context, st *data.Store, r Report, path string, opts Options) error {
	run, ok := map[Report]func(context.Context, *data.Store, string, Options) error{
		ReportRoster: Roster, ReportPanels: Panels, ReportSignIn: SignIn, ReportLedger: Ledger, ReportStats: Stats,
		ReportSummary: Summary, ReportFollowUps: FollowUps, ReportCases: Cases, ReportTopics: Topics}[r]
	if !ok {
		return &data.Error{Code: data.EInvalid, ZH: fmt.Sprintf("没有名为“%s”的报表。", r), EN: fmt.Sprintf("There is no report called %q.", r)}
	}
	return run(ctx, st, path, opts)
}

// All writes every report into folder dir under the names FileName gives,
// and returns the paths written. The sign-in sheet is included only when
// opts names an activity. It stops at the first failure; the files already
// written stay, each complete.
func All(ctx context.Context, st *data.Store, dir string, opts Options) ([]string, error) {
	var done []string
	for _, r := range Reports {
		if r == ReportSignIn && opts.ActivityID == 0 {
			continue
		}
		path := filepath.Join(dir, FileName(ctx, st, r, opts))
		if err := Run(ctx, st, r, path, opts); err != nil {
			return done, err
		}
		done = append(done, path)
	}
	return done, nil
}

// write is the frame of every report: check the target first (so a bad path
// is reported before any work), read the settings, build the workbook with
// fill, save it atomically. The title is the office, the report's subject
// and period (see title). Errors come back as data.Error values fit to show.
func write(ctx context.Context, st *data.Store, path string, r Report, period string, opts Options, fill func(b *book, title string) error) error {
	if err := CheckTarget(path); err != nil {
		return err
	}
	h, err := loadHeader(ctx, st, opts)
	if err != nil {
		return wrapCancel(ctx, err)
	}
	t := title(h, r, period)
	b, err := newBook(h, r, t, opts)
	if err != nil {
		return wrapCancel(ctx, err)
	}
	defer b.close()
	if err := fill(b, t); err != nil {
		return wrapCancel(ctx, err)
	}
	return b.save(ctx, path)
}
