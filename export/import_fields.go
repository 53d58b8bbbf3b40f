package export

// What the importer recognises: the fields of each kind with the headers
// people give them, the header row among title lines, and how one cell
// becomes a date, a number, a phone or an option.

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"github.com/xuri/excelize/v2"

	"pilotdesk/data"
)

// ImportKind is the kind of records a sheet holds.
type ImportKind string

const (
	ImportSites        ImportKind = "sites"
	ImportPeople       ImportKind = "people"
	ImportAssignments  ImportKind = "assignments"
	ImportPanelMembers ImportKind = "panel-members"
	ImportActivities   ImportKind = "activities"
)

// ImportKinds lists the kinds in menu order.
var ImportKinds = []ImportKind{ImportSites, ImportPeople, ImportAssignments, ImportPanelMembers, ImportActivities}

// ParseImportKind reads a kind as typed on the command line.
func ParseImportKind(s string) (ImportKind, bool) {
	s = strings.ToLower(strings.ReplaceAll(strings.TrimSpace(s), "_", "-"))
	switch s {
	case "members", "panel", "panels", "panel-member":
		s = string(ImportPanelMembers)
	case "site":
		s = string(ImportSites)
	case "person":
		s = string(ImportPeople)
	case "assignment":
		s = string(ImportAssignments)
	case "activity", "ledger":
		s = string(ImportActivities)
	}
	for _, k := range ImportKinds {
		if string(k) == s {
			return k, true
		}
	}
	return "", false
}

// Name is the kind's name in lang ("zh" or "en").
func (k ImportKind) Name(lang string) string {
	n := kindNames[k]
	if lang == "en" {
		return n[1]
	}
	return n[0]
}

var kindNames = map[ImportKind][2]string{
	ImportSites:        {"试点单位", "Pilot sites"},
	ImportPeople:       {"人员", "People"},
	ImportAssignments:  {"挂包联系", "Liaison assignments"},
	ImportPanelMembers: {"政策顾问团成员", "Advisory panel members"},
	ImportActivities:   {"协商议事活动", "Consultation activities"},
}

// fieldType says how a field's cells are read.
type fieldType int

const (
	tText fieldType = iota
	tName           // a name: spaces next to Chinese characters removed (王  芳)
	tDate
	tInt
	tPhone
	tEnum
	tNames // several names in one cell: 张三、李四
)

// Field is one thing a column can hold for a kind.
type Field struct {
	Key      string // e.g. "township"; also data's field name where there is one
	ZH, EN   string // the column's name in the template and the mapping list
	Required bool   // the template marks it *
	typ      fieldType
	enum     *data.Enum
	synonyms []string // headers people use, besides ZH
	hint     string   // the template's note (Chinese)
}

// Label is the field's name in lang.
func (f Field) Label(lang string) string {
	if lang == "en" {
		return f.EN
	}
	return f.ZH
}

var (
	fTownship = Field{Key: "township", ZH: "乡镇（街道）", EN: "Township / street", typ: tName,
		synonyms: []string{"乡镇", "街道", "乡镇街道", "所属乡镇", "所属街道", "所属乡镇（街道）", "乡镇名称", "镇街", "乡（镇）", "镇（街道）"},
		hint:     "所属乡镇或街道的名称"}
	fSite = Field{Key: "site", ZH: "试点单位", EN: "Pilot site", typ: tName,
		synonyms: []string{"试点单位名称", "单位名称", "村（社区）", "村社区", "社区", "村", "试点", "试点名称", "协商地点", "所在村（社区）"},
		hint:     "村（社区）或企事业单位的名称；乡镇（街道）本身开展的，可留空或填乡镇名称"}
	fPersonName = Field{Key: "name", ZH: "姓名", EN: "Name", Required: true, typ: tName,
		synonyms: []string{"名字", "人员姓名", "委员姓名", "成员姓名", "顾问姓名", "人员", "姓 名"}}
	fPhone = Field{Key: "phone", ZH: "联系电话", EN: "Phone", typ: tPhone,
		synonyms: []string{"电话", "手机", "手机号", "手机号码", "电话号码", "联系方式", "联系手机", "办公电话"},
		hint:     "手机 11 位，固定电话带区号，如 0874-3123456"}
	fUnit     = Field{Key: "unit", ZH: "工作单位", EN: "Work unit", synonyms: []string{"单位", "所在单位", "工作单位名称"}}
	fPosition = Field{Key: "position", ZH: "职务", EN: "Position", synonyms: []string{"职位", "现任职务", "职务职称"}}
	fUnitPos  = Field{Key: "unit_position", ZH: "工作单位及职务", EN: "Work unit and position",
		synonyms: []string{"单位及职务", "单位职务", "工作单位和职务", "单位和职务"}, hint: "单位与职务之间空一格"}
	fGender = Field{Key: "gender", ZH: "性别", EN: "Gender", typ: tEnum, enum: &data.Genders}
	fNotes  = Field{Key: "notes", ZH: "备注", EN: "Notes", synonyms: []string{"说明", "备 注"}}
)

// importFields are the fields of each kind, in template order.
var importFields = map[ImportKind][]Field{
	ImportSites: {
		fTownship,
		{Key: "name", ZH: "试点单位名称", EN: "Site name", Required: true, typ: tName,
			synonyms: append([]string{"试点单位", "名称"}, fSite.synonyms...), hint: "乡镇（街道）本身作为试点的，名称填乡镇名称"},
		{Key: "kind", ZH: "类型", EN: "Kind", typ: tEnum, enum: &data.SiteKinds,
			synonyms: []string{"单位类型", "试点类型", "类别", "层级"}, hint: "不填时：名称与乡镇相同的为乡镇（街道），其余为村（社区）"},
		{Key: "platform", ZH: "议事平台", EN: "Platform", synonyms: []string{"议事平台名称", "议事室", "议事室名称", "平台名称", "协商议事室", "议事厅", "协商议事平台"}},
		{Key: "unveiled_on", ZH: "挂牌时间", EN: "Unveiled on", typ: tDate,
			synonyms: []string{"挂牌日期", "揭牌时间", "揭牌日期", "挂牌", "成立时间"}},
		{Key: "status", ZH: "状态", EN: "Status", typ: tEnum, enum: &data.SiteStatuses,
			synonyms: []string{"建设状态", "当前状态", "进展"}, hint: "不填时：有挂牌时间的为已挂牌，否则为筹备中"},
		{Key: "address", ZH: "地址", EN: "Address", synonyms: []string{"详细地址", "所在地址", "地点"}},
		{Key: "contact", ZH: "联系人", EN: "Contact person", typ: tName, synonyms: []string{"负责人", "联系人姓名"}},
		fPhone,
		fNotes,
	},
	ImportPeople: {
		fPersonName, fGender, fPosition, fUnit, fUnitPos,
		{Key: "sector", ZH: "界别", EN: "Sector", synonyms: []string{"所属界别", "委员界别"}},
		fPhone,
		{Key: "category", ZH: "人员类别", EN: "Category", typ: tEnum, enum: &data.PersonCategories,
			synonyms: []string{"类别", "身份", "人员类型", "人员身份"}, hint: "不填时：填了界别的视为政协委员"},
		fNotes,
	},
	ImportAssignments: {
		fPersonName, fPhone, fUnit, fTownship, fSite,
		{Key: "role", ZH: "联系角色", EN: "Role", typ: tEnum, enum: &data.AssignmentRoles,
			synonyms: []string{"角色", "挂包角色", "联系类别", "挂联身份"}},
		{Key: "leads", ZH: "牵头领导", EN: "Leads", typ: tNames, synonyms: []string{"挂包领导", "牵头县级领导", "联系领导"},
			hint: "每个试点单位一行时使用：多人用顿号隔开"},
		{Key: "liaisons", ZH: "联系委员", EN: "Liaison members", typ: tNames, synonyms: []string{"挂包委员", "联系的委员", "挂联委员"},
			hint: "每个试点单位一行时使用：多人用顿号隔开"},
		{Key: "from_date", ZH: "开始日期", EN: "From", typ: tDate, synonyms: []string{"起始日期", "开始时间", "起始时间", "挂包时间", "联系时间"}},
		{Key: "to_date", ZH: "结束日期", EN: "To", typ: tDate, synonyms: []string{"截止日期", "结束时间", "终止日期"}},
		fNotes,
	},
	ImportPanelMembers: {
		{Key: "panel", ZH: "政策顾问团", EN: "Advisory panel", synonyms: []string{"顾问团", "所属顾问团", "顾问团名称"},
			hint: "不填时：与工作表同名的顾问团，或唯一的顾问团"},
		{Key: "department", ZH: "推荐部门", EN: "Recommending department", synonyms: []string{"部门", "推荐单位", "所在部门"}},
		fPersonName, fGender, fUnit, fPosition, fUnitPos, fPhone,
		{Key: "expertise", ZH: "擅长领域", EN: "Expertise", synonyms: []string{"专业特长", "特长", "专长", "擅长", "业务专长"}},
		fNotes,
	},
	ImportActivities: {
		{Key: "date", ZH: "活动日期", EN: "Date", Required: true, typ: tDate,
			synonyms: []string{"日期", "时间", "活动时间", "协商时间", "召开时间", "开展时间", "协商日期"}},
		fTownship, fSite,
		{Key: "topic", ZH: "议题", EN: "Topic", Required: true, synonyms: []string{"协商议题", "议题名称", "主题", "活动主题", "协商内容", "议题内容"}},
		{Key: "topic_source", ZH: "议题来源", EN: "Topic source", Required: true, typ: tEnum, enum: &data.TopicSources, synonyms: []string{"来源", "选题方式"}},
		{Key: "form", ZH: "协商形式", EN: "Form", typ: tEnum, enum: &data.ActivityForms, synonyms: []string{"形式", "活动形式"}},
		{Key: "procedure", ZH: "议事程序", EN: "Procedure", synonyms: []string{"程序"}},
		{Key: "participants", ZH: "参加人数", EN: "Participants", typ: tInt, synonyms: []string{"人数", "参与人数", "参会人数"}},
		{Key: "decision", ZH: "议定方式", EN: "Decision", typ: tEnum, enum: &data.Decisions, synonyms: []string{"表决方式", "决策方式", "议决方式"}},
		{Key: "votes_for", ZH: "赞成", EN: "For", typ: tInt, synonyms: []string{"赞成票", "赞成票数"}},
		{Key: "votes_against", ZH: "反对", EN: "Against", typ: tInt, synonyms: []string{"反对票", "反对票数"}},
		{Key: "votes_abstain", ZH: "弃权", EN: "Abstain", typ: tInt, synonyms: []string{"弃权票", "弃权票数"}},
		{Key: "outcome", ZH: "协商成果", EN: "Outcome", synonyms: []string{"成果", "协商结果", "达成共识", "协商意见"}},
		{Key: "follow_up", ZH: "落实情况", EN: "Follow-up", typ: tEnum, enum: &data.FollowUps, synonyms: []string{"落实状态", "办理情况"}},
		{Key: "follow_up_date", ZH: "落实日期", EN: "Follow-up date", typ: tDate, synonyms: []string{"落实时间", "办结日期"}},
		{Key: "problems_solved", ZH: "解决问题数", EN: "Problems solved", typ: tInt, synonyms: []string{"解决问题", "解决问题个数", "解决问题（个）"}},
		fNotes,
	},
}

// Fields lists the fields of kind, in template order.
func (k ImportKind) Fields() []Field { return importFields[k] }

// field returns the field with key, or false.
func (k ImportKind) field(key string) (Field, bool) {
	for _, f := range importFields[k] {
		if f.Key == key {
			return f, true
		}
	}
	return Field{}, false
}

// enumAliases are words people write for options besides their labels
// (and labels of before: follow_up's 待落实, 落实中, 已落实 until issue 19).
var enumAliases = map[string]map[string]string{
	"site_kind": {"乡镇": data.KindTownship, "街道": data.KindTownship, "镇": data.KindTownship, "乡": data.KindTownship,
		"村": data.KindCommunity, "社区": data.KindCommunity, "村社区": data.KindCommunity, "居委会": data.KindCommunity,
		"企业": data.KindEnterprise, "事业单位": data.KindEnterprise, "机关": data.KindEnterprise},
	"site_status": {"筹备": data.StatusPlanned, "未挂牌": data.StatusPlanned, "已揭牌": data.StatusUnveiled, "挂牌": data.StatusUnveiled,
		"运行": data.StatusActive, "常态化运行": data.StatusActive, "定型": data.StatusStandardized},
	"person_category": {"委员": data.CategoryMember, "处级领导": data.CategoryLeader, "政协领导": data.CategoryLeader, "县级领导": data.CategoryLeader,
		"部门": data.CategoryStaff, "工作人员": data.CategoryStaff, "乡贤": data.CategoryFigure, "老党员": data.CategoryFigure,
		"老干部": data.CategoryFigure, "老劳模": data.CategoryFigure, "群众代表": data.CategoryFigure},
	"assignment_role": {"牵头": data.RoleLead, "领导": data.RoleLead, "联系": data.RoleLiaison, "委员": data.RoleLiaison},
	"topic_source": {"党委点题": data.SourceParty, "政府点题": data.SourceGovernment, "委员点题": data.SourceMember,
		"群众点题": data.SourcePublic, "群众征题": data.SourcePublic},
	"decision":  {"举手": data.DecisionHands, "投票": data.DecisionBallot, "一致": data.DecisionConsensus},
	"follow_up": {"未落实": data.FollowUpPending, "正在落实": data.FollowUpInProgress, "已完成": data.FollowUpDone, "完成": data.FollowUpDone, "待落实": data.FollowUpPending, "落实中": data.FollowUpInProgress, "已落实": data.FollowUpDone},
	"gender":    {"男性": data.GenderMale, "女性": data.GenderFemale},
}

// normHeader reduces a header to what identifies it: no spaces or line
// breaks, half-width, no "*" marking it required, no bracketed note.
func normHeader(s string) string {
	s = strings.ToLower(data.HalfWidth(s))
	s = strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r == '*' || r == ':' || r == '：' {
			return -1
		}
		return r
	}, s)
	if t := reBracket.ReplaceAllString(s, ""); t != "" {
		s = t
	}
	return s
}

var reBracket = regexp.MustCompile(`[(（【\[][^)）】\]]*[)）】\]]`)

// headerIndex maps normalised headers to field keys, per kind.
var headerIndex = func() map[ImportKind]map[string]string {
	out := map[ImportKind]map[string]string{}
	for k, fields := range importFields {
		m := map[string]string{}
		for _, f := range fields {
			for _, s := range append([]string{f.ZH}, f.synonyms...) {
				if n := normHeader(s); m[n] == "" {
					m[n] = f.Key
				}
			}
		}
		out[k] = m
	}
	return out
}()

// matchHeader returns the field a header names, or "". A header that is
// not exactly a known one but short and containing one (试点单位全称) takes
// the longest it contains.
func (k ImportKind) matchHeader(h string) string {
	n := normHeader(h)
	if n == "" {
		return ""
	}
	idx := headerIndex[k]
	if key, ok := idx[n]; ok {
		return key
	}
	if len([]rune(n)) > 10 {
		return ""
	}
	// Three characters at least: a place name (通泉街道) contains 街道 and
	// must not read as a header.
	best, bestLen := "", 2
	for syn, key := range idx {
		if l := len([]rune(syn)); l > bestLen && strings.Contains(n, syn) {
			best, bestLen = key, l
		} else if l == bestLen && l > 2 && strings.Contains(n, syn) && key < best {
			best = key // ties broken the same way every time
		}
	}
	return best
}

// headerScore counts the distinct fields a row's cells name, and whether
// every non-empty cell is a header (or repeats the cell above it, which a
// vertical merge of a two-row header gives).
func (k ImportKind) headerScore(cells, above []string) (score int, allHeaders bool) {
	seen := map[string]bool{}
	allHeaders = true
	for i, c := range cells {
		if strings.TrimSpace(c) == "" {
			continue
		}
		if key := k.matchHeader(c); key != "" {
			if !seen[key] {
				seen[key] = true
				score++
			}
			continue
		}
		if i < len(above) && above[i] == c || normHeader(c) == "序号" {
			continue
		}
		allHeaders = false
	}
	return score, allHeaders
}

// headerSearchRows is how far down the header may be: title, 填报单位 and
// note lines come first in real sheets, rarely more than a few.
const headerSearchRows = 30

// findHeader returns the index in t.Rows of the last header row and the
// header text of each column (two header rows combined), or -1.
func (k ImportKind) findHeader(t *Table) (int, []string) {
	best, bestScore := -1, 1 // at least two recognised columns
	for i := 0; i < len(t.Rows) && i < headerSearchRows; i++ {
		if s, _ := k.headerScore(t.Rows[i].Cells, nil); s > bestScore {
			best, bestScore = i, s
		}
	}
	if best < 0 {
		return -1, nil
	}
	heads := make([]string, t.Cols)
	copy(heads, t.Rows[best].Cells)
	// A second header row right under it (表决情况 over 赞成/反对/弃权)
	// names the columns the first one only grouped.
	if next := best + 1; next < len(t.Rows) && t.Rows[next].N == t.Rows[best].N+1 {
		if s, all := k.headerScore(t.Rows[next].Cells, t.Rows[best].Cells); s > 0 && all {
			for i, c := range t.Rows[next].Cells {
				if strings.TrimSpace(c) != "" && k.matchHeader(c) != "" {
					heads[i] = c
				}
			}
			best = next
		}
	}
	return best, heads
}

// guessMapping maps each header to a field; a field goes to the first
// column naming it.
func (k ImportKind) guessMapping(heads []string) []string {
	m := make([]string, len(heads))
	used := map[string]bool{}
	for i, h := range heads {
		if key := k.matchHeader(h); key != "" && !used[key] {
			m[i], used[key] = key, true
		}
	}
	return m
}

// Cell readers. Each returns a user error naming the column on failure.

// cellErr is a rejected cell: the message names the column and the value.
func cellErr(f Field, zh, en string) *data.Error {
	return &data.Error{Code: data.EInvalid, Field: f.Key, ZH: "“" + f.ZH + "”" + zh, EN: f.EN + ": " + en}
}

var (
	reNumber  = regexp.MustCompile(`^[+-]?\d+(\.\d+)?$`)
	reSci     = regexp.MustCompile(`^(\d+)(?:\.(\d+))?[eE]\+?(\d+)$`)
	reDayTime = regexp.MustCompile(`^(\d{4}-\d{1,2}-\d{1,2})(?:[T ]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$`)
)

// parseDateCell reads a day: an Excel serial number (how date cells come
// raw), or any form data.ParseDate accepts, or a date with a midnight time
// (2020-03-24 00:00:00, what databases and web systems export).
func parseDateCell(f Field, s string, date1904 bool) (data.Date, error) {
	s = strings.TrimSpace(data.HalfWidth(s))
	if s == "" {
		return data.Date{}, nil
	}
	if reNumber.MatchString(s) && len(s) != 8 {
		v, err := strconv.ParseFloat(s, 64)
		if err == nil && v >= 1 && v < 2958466 {
			if t, err := excelize.ExcelDateToTime(v, date1904); err == nil {
				return data.DateOf(t), nil
			}
		}
	}
	if m := reDayTime.FindStringSubmatch(s); m != nil {
		s = m[1]
	}
	d, err := data.ParseDate(s)
	if err != nil {
		return d, cellErr(f, "："+data.Message(err, "zh"), data.Message(err, "en"))
	}
	return d, nil
}

// parseIntCell reads a count: 25, 25.0, ２５, or 25人.
func parseIntCell(f Field, s string) (int, error) {
	s = strings.TrimSpace(data.HalfWidth(s))
	s = strings.TrimRight(strings.TrimRightFunc(s, func(r rune) bool { return strings.ContainsRune("人个项件次名票条", r) }), " ")
	if s == "" {
		return 0, nil
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) || math.Abs(v-math.Round(v)) > 1e-6 || math.Abs(v) > 1e7 {
		return 0, cellErr(f, fmt.Sprintf("应为整数，而这里是“%s”。", s), fmt.Sprintf("%q is not a whole number.", s))
	}
	return int(math.Round(v)), nil
}

// parsePhoneCell reads a phone number. One stored as a number comes raw
// with all its digits (13912345678, or 1.3912345678E+10 from some writers);
// typed as text in scientific form with digits missing (1.39E+10) it cannot
// be recovered and is refused. A masked number (138****5678, from a handout)
// reads as unknown: masked is true and the stored number stays.
func parsePhoneCell(f Field, s string) (phone string, masked bool, err error) {
	s = strings.TrimSpace(data.HalfWidth(s))
	if strings.Contains(s, "*") {
		return "", true, nil
	}
	if m := reSci.FindStringSubmatch(s); m != nil {
		if exp, _ := strconv.Atoi(m[3]); len(m[2]) < exp {
			return "", false, cellErr(f, fmt.Sprintf("“%s”是科学计数法，号码的后几位已经丢失。请在 Excel 中把这一列设为“文本”，重新输入号码。", s),
				fmt.Sprintf("%q is in scientific notation and its last digits are lost. Format the column as Text in Excel and type the numbers again.", s))
		}
		v, _ := strconv.ParseFloat(s, 64)
		s = strconv.FormatFloat(v, 'f', 0, 64)
	} else if reNumber.MatchString(s) && strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".") // 13912345678.0
	}
	return data.NormalizePhone(s), false, nil
}

// parseEnumCell reads an option by its code, label or a common alias.
func parseEnumCell(f Field, s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", nil
	}
	if code, ok := f.enum.Parse(s); ok {
		return code, nil
	}
	if code, ok := enumAliases[f.enum.Name][squashOption(s)]; ok {
		return code, nil
	}
	zh := make([]string, len(f.enum.Options))
	en := make([]string, len(f.enum.Options))
	for i, o := range f.enum.Options {
		zh[i], en[i] = o.ZH, o.EN
	}
	return "", cellErr(f, fmt.Sprintf("不能是“%s”，可选：%s。", s, strings.Join(zh, "、")),
		fmt.Sprintf("%q is not one of: %s.", s, strings.Join(en, ", ")))
}

func squashOption(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || strings.ContainsRune("()（）/、_-", r) {
			return -1
		}
		return r
	}, strings.ToLower(data.HalfWidth(s)))
}

// tidyName removes the spaces people put inside Chinese names to line them
// up (王  芳, 通 泉 街道) and trims the rest.
func tidyName(s string) string {
	s = strings.TrimSpace(s)
	if !strings.ContainsFunc(s, unicode.IsSpace) {
		return s
	}
	rs := []rune(s)
	var b strings.Builder
	for i, r := range rs {
		if unicode.IsSpace(r) {
			prev, next := rs[i-1], rs[i+1] // trimmed: never at either end
			if unicode.Is(unicode.Han, prev) || unicode.Is(unicode.Han, next) || unicode.IsSpace(prev) {
				continue
			}
			r = ' '
		}
		b.WriteRune(r)
	}
	return b.String()
}

// splitNames splits a cell of names: 张三、李四，王五 / 赵六.
func splitNames(s string) []string {
	parts := strings.FieldsFunc(s, func(r rune) bool {
		return strings.ContainsRune("、，,;；/／\n", r)
	})
	var out []string
	for _, p := range parts {
		if p = tidyName(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
