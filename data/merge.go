package data

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"
)

// Merging a county's 报送表 into a city's database (issue 20).
//
// The 报送表's data sheets carry each record with its id in the county's
// database (编号) and its references as such ids. The city keeps, per
// county and kind, which of its rows each source id became (merged_ids),
// so a second workbook of the same county replaces the first: a record
// changed is updated, a new one inserted, one missing removed (activities
// and their attendees and items: those dated in the period; the standing
// records: the whole set), and merging a file again changes nothing.

// MergeCol is one column of a data sheet: a database column (or, for a
// list of references, a link table) and the header the sheet gives it.
type MergeCol struct {
	Name string     // the column
	Head string     // the sheet's header
	Kind ColumnKind // ColText, ColDate, ColCount, ColEnum, ColRef, ColFlag
	Enum *Enum      // ColEnum's options
	Ref  string     // ColRef: the kind referred to (its ids are that kind's 编号)
	Link string     // a list of references "3;5": the link table (column Name there is the reference)
	// Optional: a reference to a trashed record is left blank (the
	// attendee keeps its name); otherwise the row stays home with it.
	Optional bool
}

// MergeKind is one data sheet of the 报送表 and the table it fills.
type MergeKind struct {
	Key    string // the table it fills, and merged_ids.kind
	Sheet  string // the sheet's name
	Cols   []MergeCol
	Model  bool   // has created_at, updated_at, deleted_at, version: removed = trashed
	County bool   // carries county_id
	scope  string // which rows of the kind the period covers (alias x, two dates); "": all
	parent string // the column linking a link table's rows (visit_id)
}

// IDHead is the header of every data sheet's first column: the record's
// id in the county's database.
const IDHead = "编号"

func mText(name, head string) MergeCol { return MergeCol{Name: name, Head: head} }
func mRef(name, head, kind string) MergeCol {
	return MergeCol{Name: name, Head: head, Kind: ColRef, Ref: kind}
}

// activityPeriod is the scope of the period's activities.
const activityPeriod = "x.date >= ? AND x.date <= ?"

// inPeriodActivity is the scope of an activity's attendees and items.
const inPeriodActivity = "x.activity_id IN (SELECT a.id FROM activities a WHERE a.date >= ? AND a.date <= ?)"

// MergeKinds are the 报送表's data sheets in the order they are merged
// (what is referred to first).
var MergeKinds = func() []*MergeKind {
	acts := []MergeCol{mRef("site_id", "试点单位编号", "sites"), mRef("township_id", "乡镇（街道）编号", "sites")}
	for _, c := range ActivityColumns {
		if c.Kind == ColRef {
			continue
		}
		acts = append(acts, MergeCol{Name: c.Name, Head: c.ZH, Kind: c.Kind, Enum: c.Enum})
	}
	return []*MergeKind{
		{Key: "sites", Sheet: "试点单位", Model: true, County: true, Cols: []MergeCol{
			mRef("parent_id", "所属乡镇（街道）编号", "sites"), mText("name", "试点单位名称"),
			{Name: "kind", Head: "类型", Kind: ColEnum, Enum: &SiteKinds}, mText("platform", "议事平台"),
			{Name: "room_basis", Head: "依托类型", Kind: ColEnum, Enum: &RoomBases}, {Name: "unveiled_on", Head: "挂牌日期", Kind: ColDate},
			{Name: "status", Head: "状态", Kind: ColEnum, Enum: &SiteStatuses}, mText("address", "地址"), mText("contact", "联系人"),
			mText("phone", "联系电话"), mText("notes", "备注")}},
		{Key: "people", Sheet: "人员", Model: true, County: true, Cols: []MergeCol{
			mText("name", "姓名"), {Name: "gender", Head: "性别", Kind: ColEnum, Enum: &Genders}, mText("position", "职务"),
			mText("unit", "工作单位"), mText("sector", "界别"), mText("phone", "联系电话"),
			{Name: "category", Head: "人员类别", Kind: ColEnum, Enum: &PersonCategories}, mText("notes", "备注")}},
		{Key: "assignments", Sheet: "挂包联系", Model: true, Cols: []MergeCol{
			mRef("person_id", "人员编号", "people"), mRef("site_id", "试点单位编号", "sites"),
			{Name: "role", Head: "挂包角色", Kind: ColEnum, Enum: &AssignmentRoles}, {Name: "from_date", Head: "开始日期", Kind: ColDate},
			{Name: "to_date", Head: "结束日期", Kind: ColDate}, mText("notes", "备注")}},
		{Key: "panels", Sheet: "政策顾问团", Model: true, County: true, Cols: []MergeCol{
			mText("name", "顾问团名称"), mText("description", "简介"), mText("notes", "备注")}},
		{Key: "panel_members", Sheet: "顾问团成员", Model: true, Cols: []MergeCol{
			mRef("panel_id", "顾问团编号", "panels"), mRef("person_id", "人员编号", "people"),
			mText("department", "推荐部门"), mText("expertise", "专业特长"), mText("notes", "备注")}},
		{Key: "activities", Sheet: "协商议事活动", Model: true, Cols: acts, scope: activityPeriod},
		{Key: "attendees", Sheet: "参加人员", scope: inPeriodActivity, Cols: []MergeCol{
			mRef("activity_id", "活动编号", "activities"), {Name: "person_id", Head: "人员编号", Kind: ColRef, Ref: "people", Optional: true}, mText("name", "姓名"),
			{Name: "role", Head: "身份", Kind: ColEnum, Enum: &AttendeeRoles}}},
		{Key: "follow_up_items", Sheet: "督办事项", Model: true, scope: inPeriodActivity, Cols: []MergeCol{
			mRef("activity_id", "活动编号", "activities"), mText("task", "督办事项"), mText("unit", "责任单位"),
			{Name: "deadline", Head: "办结时限", Kind: ColDate}, {Name: "status", Head: "办理状态", Kind: ColEnum, Enum: &FollowUps},
			{Name: "progress", Head: "进度", Kind: ColCount}, {Name: "done_on", Head: "办结日期", Kind: ColDate}, mText("notes", "备注")}},
		{Key: "tasks", Sheet: "目标任务", Model: true, County: true, Cols: []MergeCol{
			mText("name", "任务名称"), {Name: "kind", Head: "任务类型", Kind: ColEnum, Enum: &TaskKinds},
			{Name: "scope", Head: "范围", Kind: ColEnum, Enum: &TaskScopes}, mRef("site_id", "试点单位编号", "sites"),
			{Name: "deadline", Head: "时间节点", Kind: ColDate}, {Name: "responsible_id", Head: "责任人编号", Kind: ColRef, Ref: "people", Optional: true},
			{Name: "status", Head: "完成情况", Kind: ColEnum, Enum: &TaskStatuses}, {Name: "done_on", Head: "完成日期", Kind: ColDate},
			mText("notes", "备注")}},
		{Key: "task_completions", Sheet: "任务完成情况", Cols: []MergeCol{
			mRef("task_id", "任务编号", "tasks"), mRef("site_id", "试点单位编号", "sites"),
			{Name: "done_on", Head: "完成日期", Kind: ColDate}, mText("notes", "备注")}},
		{Key: "visits", Sheet: "调研指导", Model: true, County: true, parent: "visit_id", Cols: []MergeCol{
			{Name: "date", Head: "调研日期", Kind: ColDate}, {Name: "person_id", Head: "调研人员编号", Kind: ColRef, Ref: "people", Link: "visit_people"},
			{Name: "site_id", Head: "试点单位编号", Kind: ColRef, Ref: "sites", Link: "visit_sites"},
			mText("findings", "发现问题"), mText("requirements", "指导意见"), mText("notes", "备注")}},
	}
}()

// MergeKindOf is the kind keyed key, nil if none.
func MergeKindOf(key string) *MergeKind {
	for _, k := range MergeKinds {
		if k.Key == key {
			return k
		}
	}
	return nil
}

// readRows gives each the rows of the kind where holds, by id, as the sheet
// and the comparison hold them: text, a day as 2020-03-24, a flag as 1 or
// 0, no reference as "", a link list as "3;5"; trashed tells a trashed row.
// each runs while the rows are read: it must not query.
func (k *MergeKind) readRows(db *gorm.DB, where string, args []any, each func(id uint, vals []string, trashed bool) error) error {
	links := map[int]map[uint][]int{} // column -> record -> references, read first
	trashed := "0"
	if k.Model {
		trashed = "CASE WHEN x.deleted_at IS NULL THEN 0 ELSE 1 END"
	}
	cols := []string{"x.id", trashed}
	for i, c := range k.Cols {
		switch {
		case c.Link != "":
			cols = append(cols, "''")
			links[i] = map[uint][]int{}
			var p, r int64
			if err := eachRow(db, "SELECT "+k.parent+", "+c.Name+" FROM "+c.Link, nil, []any{&p, &r}, func() {
				links[i][uint(p)] = append(links[i][uint(p)], int(r))
			}); err != nil {
				return err
			}
		case c.Kind == ColDate, c.Kind == ColRef, c.Kind == ColCount:
			cols = append(cols, "CAST(x."+c.Name+" AS TEXT)")
		case c.Kind == ColFlag:
			cols = append(cols, "CASE WHEN x."+c.Name+" THEN '1' ELSE '0' END")
		default:
			cols = append(cols, "x."+c.Name)
		}
	}
	rows, err := db.Raw("SELECT "+strings.Join(cols, ", ")+" FROM "+k.Key+" x WHERE "+where+" ORDER BY x.id", args...).Rows()
	if err != nil {
		return err
	}
	defer rows.Close()
	var id int64
	var gone int
	ns := make([]sql.NullString, len(k.Cols))
	dest := []any{&id, &gone}
	for i := range ns {
		dest = append(dest, &ns[i])
	}
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return err
		}
		vals := make([]string, len(k.Cols))
		for i, c := range k.Cols {
			vals[i] = ns[i].String
			if c.Link != "" {
				vals[i] = joinIDs(links[i][uint(id)])
			} else if c.Kind == ColDate && len(vals[i]) > 10 {
				vals[i] = vals[i][:10]
			}
		}
		if err := each(uint(id), vals, gone == 1); err != nil {
			return err
		}
	}
	return rows.Err()
}

// joinIDs writes a list of references as the sheet does: sorted, "3;5".
func joinIDs(ids []int) string {
	slices.Sort(ids)
	s := make([]string, len(ids))
	for i, id := range ids {
		s[i] = strconv.Itoa(id)
	}
	return strings.Join(s, ";")
}

// EachReportRow gives fn the live rows of kind k a county's 报送表 for
// period p carries, by id, each value as text (see readRows).
func (st *Store) EachReportRow(ctx context.Context, k *MergeKind, p Period, fn func(id uint, vals []string) error) error {
	where, args := "1 = 1", []any{}
	if k.Model {
		where = "x.deleted_at IS NULL"
	}
	from, to := bounds(p)
	switch k.scope {
	case activityPeriod:
		where, args = where+" AND "+activityPeriod, []any{from, to}
	case inPeriodActivity:
		where, args = where+" AND x.activity_id IN (SELECT a.id FROM activities a WHERE a.deleted_at IS NULL AND a.date >= ? AND a.date <= ?)", []any{from, to}
	}
	// What refers to a trashed record stays home: the city never saw it.
	for _, c := range k.Cols {
		if c.Kind == ColRef && c.Link == "" && c.Ref != "activities" && !c.Optional {
			where += " AND (x." + c.Name + " IS NULL OR x." + c.Name + " IN (SELECT id FROM " + c.Ref + " WHERE deleted_at IS NULL))"
		}
	}
	live := map[int]map[string]bool{} // an optional reference's or a link list's live targets, read once
	for ci, c := range k.Cols {
		if c.Optional || c.Link != "" {
			live[ci] = map[string]bool{}
			var id string
			if err := eachRow(st.db.WithContext(ctx), "SELECT CAST(id AS TEXT) FROM "+c.Ref+" WHERE deleted_at IS NULL", nil,
				[]any{&id}, func() { live[ci][id] = true }); err != nil {
				return err
			}
		}
	}
	return k.readRows(st.db.WithContext(ctx), where, args, func(id uint, vals []string, _ bool) error {
		for ci, c := range k.Cols {
			switch {
			case c.Link != "": // links to trashed people or sites stay home too
				ids := slices.DeleteFunc(splitIDs(vals[ci]), func(id int) bool { return !live[ci][strconv.Itoa(id)] })
				vals[ci] = joinIDs(ids)
			case c.Optional && !live[ci][vals[ci]]:
				vals[ci] = ""
			}
		}
		return fn(id, vals)
	})
}

// splitIDs reads a list of references "3;5".
func splitIDs(s string) []int {
	var out []int
	for _, f := range strings.Split(s, ";") {
		if n, err := strconv.Atoi(strings.TrimSpace(f)); err == nil {
			out = append(out, n)
		}
	}
	return out
}

// DatabaseID is the database's identity (settings database_id).
func (st *Store) DatabaseID(ctx context.Context) (string, error) {
	return databaseID(st.db.WithContext(ctx))
}

// Submission is a 报送表 as read from its file (export.ReadReport).
type Submission struct {
	File           string // the file's name, for messages
	County         string // the county's name (SettingDistrict of its database)
	Office         string
	DatabaseID     string // the county database's identity; "" for a hand-filled template
	Period         Period
	ProgramVersion string
	FiguresOnly    bool         // a hand-filled template: figures, no records
	Figures        []SummaryRow // the 工作情况统计表 by row code
	Sheets         []SubmittedSheet
}

// SubmittedSheet is one data sheet's rows.
type SubmittedSheet struct {
	Kind *MergeKind
	Rows []SubmittedRow
	// Cell names a row's cell for messages (row index into Rows, column
	// index into Kind.Cols; -1: the 编号).
	Cell func(row, col int) string
}

// SubmittedRow is a record: its id in the county's database and its
// values as text, in Kind.Cols' order.
type SubmittedRow struct {
	ID   uint
	Vals []string
}

// KindCounts are one kind's records new, changed and removed by a merge.
type KindCounts struct {
	Kind                  string `json:"kind"`  // MergeKind.Key
	Sheet                 string `json:"sheet"` // its name
	New, Changed, Removed int
	Unchanged             int
}

// MergePreview is what merging a 报送表 does (or did).
type MergePreview struct {
	File        string
	County      string
	CountyID    uint
	Period      Period
	FiguresOnly bool // figures but no records: nothing else changes
	Replaces    bool // a submission of the same period was merged before
	Kinds       []KindCounts
}

// Text describes the preview in a few lines, as the command line prints it.
func (p *MergePreview) Text(lang string) string {
	var b strings.Builder
	if lang == "en" {
		fmt.Fprintf(&b, "%s: %s, %s to %s", p.File, p.County, p.Period.From, p.Period.To)
		if p.Replaces {
			b.WriteString(" (replaces the submission of the same period)")
		}
		if p.FiguresOnly {
			b.WriteString("\n  This county sent the figures of the summary sheet only, no records.")
		}
		for _, k := range p.Kinds {
			fmt.Fprintf(&b, "\n  %s: %d new, %d changed, %d removed, %d unchanged", k.Kind, k.New, k.Changed, k.Removed, k.Unchanged)
		}
		return b.String()
	}
	fmt.Fprintf(&b, "%s：%s，%s", p.File, p.County, periodChinese(p.Period))
	if p.Replaces {
		b.WriteString("（替换此前报送的同期报送表）")
	}
	if p.FiguresOnly {
		b.WriteString("\n  该县只报送了工作情况统计表的数字，没有记录。")
	}
	for _, k := range p.Kinds {
		fmt.Fprintf(&b, "\n  %s：新增%d，修改%d，删除%d，未变%d", k.Sheet, k.New, k.Changed, k.Removed, k.Unchanged)
	}
	return b.String()
}

func periodChinese(p Period) string {
	return p.From.Chinese() + "至" + p.To.Chinese()
}

// errDryRun rolls a preview's transaction back.
var errDryRun = errors.New("dry run")

// PreviewMerge works out what Merge would do with s, changing nothing.
func (st *Store) PreviewMerge(ctx context.Context, s *Submission) (*MergePreview, error) {
	return st.merge(ctx, s, true, nil)
}

// Merge applies s in one transaction: all of it or, refused, nothing.
// progress (may be nil) hears rows done of rows in all.
func (st *Store) Merge(ctx context.Context, s *Submission, progress func(done, total int)) (*MergePreview, error) {
	return st.merge(ctx, s, false, progress)
}

// Place is where in a workbook a refusal is about, in words.
type Place struct{ ZH, EN string }

// CellPlace is a sheet's cell (cell "" for the sheet itself).
func CellPlace(sheet, cell string) Place {
	if cell == "" {
		return Place{"“" + sheet + "”表", "sheet " + sheet}
	}
	return Place{"“" + sheet + "”表" + cell + "单元格", "sheet " + sheet + ", cell " + cell}
}

// NamePlace is one or more of the workbook's defined names.
func NamePlace(names string) Place { return Place{"定义名称 " + names, "defined name " + names} }

// FileError is a refusal of file, naming where in it (a zero Place: the
// file as a whole).
func FileError(file string, at Place, zh, en string) error {
	if at.ZH != "" {
		return newErr(EInvalid, "", fmt.Sprintf("“%s”（%s）：%s", file, at.ZH, zh), fmt.Sprintf("%s (%s): %s", file, at.EN, en))
	}
	return newErr(EInvalid, "", fmt.Sprintf("“%s”：%s", file, zh), fmt.Sprintf("%s: %s", file, en))
}

func (st *Store) merge(ctx context.Context, s *Submission, dry bool, progress func(done, total int)) (*MergePreview, error) {
	city, err := st.IsCity(ctx)
	if err != nil {
		return nil, err
	}
	if !city {
		return nil, FileError(s.File, Place{}, "本数据库是县级数据库，不能合并各县报送表。请在“设置”中把本机改为市级。",
			"this is a county's database; set it to city level in Settings before merging counties' workbooks.")
	}
	p := &MergePreview{File: s.File, County: s.County, Period: s.Period, FiguresOnly: s.FiguresOnly}
	total := 0
	for _, sh := range s.Sheets {
		total += len(sh.Rows)
	}
	done := 0
	err = st.transact(ctx, func(tx *gorm.DB) error {
		var c County
		if err := tx.Where("name = ?", s.County).Limit(1).Find(&c).Error; err != nil {
			return err
		}
		if c.ID == 0 {
			return FileError(s.File, NamePlace("County"), fmt.Sprintf("市级数据库中没有“%s”。如确属本市，请先在“设置 → 本机用于”中用“新增县（市、区）…”添加它，再合并。", s.County),
				fmt.Sprintf("the city's database has no county %q. If it is one of the city's, add it in Settings → This computer serves (Add county…) first.", s.County))
		}
		p.CountyID = c.ID
		var subs []submissionV12
		if err := tx.Where("county_id = ?", c.ID).Find(&subs).Error; err != nil {
			return err
		}
		for _, o := range subs {
			if o.PeriodFrom == s.Period.From && o.PeriodTo == s.Period.To {
				p.Replaces = true
				continue
			}
			if !o.PeriodFrom.After(s.Period.To) && !s.Period.From.After(o.PeriodTo) {
				return FileError(s.File, NamePlace("PeriodFrom, PeriodTo"),
					fmt.Sprintf("%s的报送期间%s与已合并的%s（“%s”）重叠但不相同。同一期间可重新报送；不同期间不能重叠。", s.County, periodChinese(s.Period),
						periodChinese(Period{o.PeriodFrom, o.PeriodTo}), o.FileName),
					fmt.Sprintf("%s's period %s to %s overlaps the period %s to %s already merged (%s) without being the same. A period may be sent again; different periods may not overlap.",
						s.County, s.Period.From, s.Period.To, o.PeriodFrom, o.PeriodTo, o.FileName))
			}
		}
		if !s.FiguresOnly {
			m := &merger{tx: tx, county: c.ID, from: s.Period.From, to: s.Period.To, file: s.File,
				ids: map[string]map[uint]uint{}}
			for _, sh := range s.Sheets {
				kc, err := m.kind(sh, func() {
					done++
					if progress != nil && done%1000 == 0 {
						progress(done, total)
					}
				})
				if err != nil {
					return err
				}
				p.Kinds = append(p.Kinds, kc)
			}
		}
		if dry {
			return errDryRun
		}
		// The submission replaces the one of the same period.
		if err := tx.Where("county_id = ? AND period_from = ? AND period_to = ?", c.ID, s.Period.From, s.Period.To).Delete(&submissionV12{}).Error; err != nil {
			return err
		}
		counts, _ := json.Marshal(p.Kinds)
		sub := submissionV12{CountyID: c.ID, PeriodFrom: s.Period.From, PeriodTo: s.Period.To, SourceID: s.DatabaseID, FileName: s.File,
			ProgramVersion: s.ProgramVersion, FiguresOnly: s.FiguresOnly, MergedAt: time.Now(), Counts: string(counts)}
		if err := tx.Create(&sub).Error; err != nil {
			return err
		}
		figs := make([]submissionFigureV12, len(s.Figures))
		for i, f := range s.Figures {
			figs[i] = submissionFigureV12{SubmissionID: sub.ID, Code: f.Code, Period: f.Period, Total: f.Total}
		}
		if err := tx.CreateInBatches(figs, 100).Error; err != nil {
			return err
		}
		return st.logChange(tx, "submission", sub.ID, ActionCreate, s.County+" "+periodChinese(s.Period), nil, nil)
	})
	if errors.Is(err, errDryRun) {
		err = nil
	}
	if err != nil {
		var e *Error
		if errors.As(err, &e) {
			return nil, err
		}
		return nil, translate(err, label{"报送表", "submission"})
	}
	if progress != nil {
		progress(total, total)
	}
	return p, nil
}

// merger applies one submission's sheets inside its transaction.
type merger struct {
	tx       *gorm.DB
	county   uint
	from, to Date
	file     string
	ids      map[string]map[uint]uint // kind -> source id -> city id
}

// mapping loads (once) the source ids of kind merged before.
func (m *merger) mapping(kind string) (map[uint]uint, error) {
	if ids, ok := m.ids[kind]; ok {
		return ids, nil
	}
	ids := map[uint]uint{}
	var src, loc int64
	err := eachRow(m.tx, "SELECT source_id, local_id FROM merged_ids WHERE county_id = ? AND kind = ?", []any{m.county, kind},
		[]any{&src, &loc}, func() { ids[uint(src)] = uint(loc) })
	m.ids[kind] = ids
	return ids, err
}

func (m *merger) kind(sh SubmittedSheet, tick func()) (KindCounts, error) {
	k := sh.Kind
	kc := KindCounts{Kind: k.Key, Sheet: k.Sheet}
	ids, err := m.mapping(k.Key)
	if err != nil {
		return kc, err
	}
	// The city's rows of this county's kind, as text.
	local := map[uint][]string{}
	trashed := map[uint]bool{}
	if len(ids) > 0 {
		err := k.readRows(m.tx, "x.id IN (SELECT local_id FROM merged_ids WHERE county_id = ? AND kind = ?)", []any{m.county, k.Key},
			func(id uint, vals []string, t bool) error {
				local[id], trashed[id] = vals, t
				return nil
			})
		if err != nil {
			return kc, err
		}
	}
	refs := make([]map[uint]uint, len(k.Cols))
	for i, c := range k.Cols {
		if c.Kind == ColRef {
			if refs[i], err = m.mapping(c.Ref); err != nil {
				return kc, err
			}
		}
	}
	seen := map[uint]bool{}
	var fresh [][]any // the merged_ids rows of the rows inserted
	now := time.Now()
	// New rows are inserted a batch at a time (insertRows: one round trip
	// per 1,000 rows, not one per row); a row referring to one of its own
	// kind still in the batch (a village's township) sends the batch first.
	var batch []newRow
	added := map[uint]bool{} // source ids inserted by this merge
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		got, err := m.insertBatch(k, sh, batch, now)
		if err != nil {
			return err
		}
		for i, r := range batch {
			fresh = append(fresh, []any{m.county, k.Key, r.src, got[i]})
			ids[r.src], seen[got[i]] = got[i], true
		}
		batch = batch[:0]
		return nil
	}
	for ri, r := range sh.Rows {
		tick()
		vals := slices.Clone(r.Vals)
		for ci, c := range k.Cols {
			if c.Kind != ColRef || vals[ci] == "" {
				continue
			}
			var out []int
			for _, src := range splitIDs(vals[ci]) {
				loc, ok := refs[ci][uint(src)]
				if !ok && c.Ref == k.Key && added[uint(src)] {
					if err := flush(); err != nil {
						return kc, err
					}
					loc, ok = refs[ci][uint(src)]
				}
				if !ok {
					return kc, FileError(m.file, CellPlace(k.Sheet, sh.Cell(ri, ci)),
						fmt.Sprintf("编号%d在报送表中找不到对应的记录（%s）。", src, MergeKindOf(c.Ref).Sheet),
						fmt.Sprintf("no record numbered %d in the workbook's %s.", src, c.Ref))
				}
				out = append(out, int(loc))
			}
			vals[ci] = joinIDs(out)
		}
		lid, known := ids[r.ID]
		old, exists := local[lid]
		if (known && exists && seen[lid]) || added[r.ID] {
			return kc, FileError(m.file, CellPlace(k.Sheet, sh.Cell(ri, -1)), fmt.Sprintf("编号%d重复。", r.ID), fmt.Sprintf("the id %d appears twice.", r.ID))
		}
		if known && exists {
			seen[lid] = true
			if slices.Equal(old, vals) && !trashed[lid] {
				kc.Unchanged++
				continue
			}
			if err := m.write(k, lid, vals, now); err != nil {
				return kc, m.rowErr(k, sh, ri, err)
			}
			kc.Changed++
			continue
		}
		if known { // its row was purged at the city: map the id anew
			if err := m.tx.Exec(`DELETE FROM merged_ids WHERE county_id = ? AND kind = ? AND source_id = ?`, m.county, k.Key, r.ID).Error; err != nil {
				return kc, err
			}
			delete(ids, r.ID)
		}
		batch = append(batch, newRow{ri: ri, src: r.ID, vals: vals})
		added[r.ID] = true
		kc.New++
		if len(batch) == insertChunk {
			if err := flush(); err != nil {
				return kc, err
			}
		}
	}
	if err := flush(); err != nil {
		return kc, err
	}
	if err := insertValues(m.tx, "merged_ids", []string{"county_id", "kind", "source_id", "local_id"}, fresh); err != nil {
		return kc, err
	}
	// Removed in the county: what the city had of the kind (in the period) and the file has not.
	var gone []uint
	inScope := map[uint]bool{}
	if k.scope != "" {
		var id int64
		if err := eachRow(m.tx, "SELECT x.id FROM "+k.Key+" x WHERE "+k.scope+" AND x.id IN (SELECT local_id FROM merged_ids WHERE county_id = ? AND kind = ?)",
			[]any{m.from, m.to, m.county, k.Key}, []any{&id}, func() { inScope[uint(id)] = true }); err != nil {
			return kc, err
		}
	}
	for src, lid := range ids {
		if _, ok := local[lid]; !ok || trashed[lid] || seen[lid] || (k.scope != "" && !inScope[lid]) {
			continue
		}
		gone = append(gone, lid)
		if !k.Model {
			delete(ids, src)
		}
	}
	slices.Sort(gone)
	for ch := range slices.Chunk(gone, 500) {
		var err error
		if k.Model {
			err = m.tx.Exec("UPDATE "+k.Key+" SET deleted_at = ?, version = version + 1 WHERE id IN ?", now, ch).Error
		} else {
			err = m.tx.Exec("DELETE FROM "+k.Key+" WHERE id IN ?", ch).Error
			if err == nil {
				err = m.tx.Exec("DELETE FROM merged_ids WHERE county_id = ? AND kind = ? AND local_id IN ?", m.county, k.Key, ch).Error
			}
		}
		if err != nil {
			return kc, err
		}
	}
	kc.Removed = len(gone)
	return kc, nil
}

// insertValues inserts rows into table, a few hundred a statement: for
// the tables whose ids need not be read back (links, merged_ids, copies).
func insertValues(tx *gorm.DB, table string, cols []string, rows [][]any) error {
	one := "(?" + strings.Repeat(", ?", len(cols)-1) + ")"
	for ch := range slices.Chunk(rows, max(1, min(500, 30000/len(cols)))) {
		args := make([]any, 0, len(cols)*len(ch))
		for _, r := range ch {
			args = append(args, r...)
		}
		q := "INSERT INTO " + table + " (" + quoted(cols) + ") VALUES " + one + strings.Repeat(", "+one, len(ch)-1)
		if err := tx.Exec(q, args...).Error; err != nil {
			return err
		}
	}
	return nil
}

// newRow is a row of the sheet to be inserted: its index in the sheet,
// its source id and its values with references the city's ids.
type newRow struct {
	ri   int
	src  uint
	vals []string
}

// insertBatch inserts rows of kind k with their link lists and gives
// their ids, in order. It goes through the bulk seam (insertRows: a
// prepared multi-row INSERT on SQLite, COPY on PostgreSQL) inside a
// savepoint; refused, the rows are tried one by one so that the message
// names the row at fault.
func (m *merger) insertBatch(k *MergeKind, sh SubmittedSheet, rows []newRow, now time.Time) ([]uint, error) {
	ctx := m.tx.Statement.Context
	cols, _ := m.args(k, rows[0].vals)
	if k.Model {
		cols = append(cols, "created_at", "updated_at", "version")
	}
	values := func(i int) []any {
		_, args := m.args(k, rows[i].vals)
		if k.Model {
			args = append(args, now, now, 1)
		}
		return args
	}
	ids := make([]uint, len(rows))
	// The savepoint is released once the batch is in: GORM's nested
	// transactions leave theirs open, and SQLite would journal in memory
	// every page changed until the commit.
	if err := m.tx.Exec("SAVEPOINT merge_batch").Error; err != nil {
		return nil, err
	}
	first, err := insertRows(ctx, m.tx, k.Key, cols, len(rows), values, nil)
	if err == nil {
		for i := range ids {
			ids[i] = uint(first) + uint(i)
		}
	} else if rerr := m.tx.Exec("ROLLBACK TO SAVEPOINT merge_batch").Error; rerr != nil {
		return nil, rerr
	}
	if rerr := m.tx.Exec("RELEASE SAVEPOINT merge_batch").Error; rerr != nil {
		return nil, rerr
	}
	if err != nil {
		if ctxErr := ctx.Err(); ctxErr != nil {
			return nil, ctxErr
		}
		for i, r := range rows {
			id, err := insertRows(ctx, m.tx, k.Key, cols, 1, func(int) []any { return values(i) }, nil)
			if err != nil {
				return nil, m.rowErr(k, sh, r.ri, err)
			}
			ids[i] = uint(id)
		}
	}
	return ids, m.insertLinks(k, ids, rows)
}

// insertLinks writes the link lists (a visit's people and sites) of rows,
// stored under ids, in one insert per list.
func (m *merger) insertLinks(k *MergeKind, ids []uint, rows []newRow) error {
	for i, c := range k.Cols {
		if c.Link == "" {
			continue
		}
		var links [][]any
		for j, r := range rows {
			for _, ref := range splitIDs(r.vals[i]) {
				links = append(links, []any{ids[j], ref})
			}
		}
		if err := insertValues(m.tx, c.Link, []string{k.parent, c.Name}, links); err != nil {
			return err
		}
	}
	return nil
}

// rowErr names the row a write failed on (a name twice under one township, ...).
func (m *merger) rowErr(k *MergeKind, sh SubmittedSheet, ri int, err error) error {
	err = translate(err, label{k.Sheet, "row of " + k.Sheet})
	return FileError(m.file, CellPlace(k.Sheet, sh.Cell(ri, -1)), Message(err, "zh"), Message(err, "en"))
}

// args turns the sheet's text values into the columns' values.
func (m *merger) args(k *MergeKind, vals []string) (cols []string, args []any) {
	for i, c := range k.Cols {
		if c.Link != "" {
			continue
		}
		var a any = vals[i]
		switch c.Kind {
		case ColDate:
			a, _ = ParseDate(vals[i])
		case ColCount:
			a, _ = strconv.Atoi(vals[i])
		case ColFlag:
			a = vals[i] == "1"
		case ColRef:
			a = nil
			if vals[i] != "" {
				a, _ = strconv.Atoi(vals[i])
			}
		}
		cols, args = append(cols, c.Name), append(args, a)
	}
	if k.County {
		cols, args = append(cols, "county_id"), append(args, m.county)
	}
	return cols, args
}

// write updates the city's row id to vals, its link lists written again.
func (m *merger) write(k *MergeKind, id uint, vals []string, now time.Time) error {
	cols, args := m.args(k, vals)
	set := make([]string, len(cols))
	for i, c := range cols {
		set[i] = c + " = ?"
	}
	if k.Model {
		set = append(set, "updated_at = ?", "version = version + 1", "deleted_at = NULL")
		args = append(args, now)
	}
	if err := m.tx.Exec("UPDATE "+k.Key+" SET "+strings.Join(set, ", ")+" WHERE id = ?", append(args, id)...).Error; err != nil {
		return err
	}
	for _, c := range k.Cols {
		if c.Link == "" {
			continue
		}
		if err := m.tx.Exec("DELETE FROM "+c.Link+" WHERE "+k.parent+" = ?", id).Error; err != nil {
			return err
		}
	}
	return m.insertLinks(k, []uint{id}, []newRow{{vals: vals}})
}
