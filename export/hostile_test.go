package export

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"pilotdesk/data"
)

// Hostile text goes into the ledger as the same text, in text cells: never a
// formula, never cut, never breaking the workbook.
func TestLedgerKeepsHostileTextAsText(t *testing.T) {
	fx := newFixture(t)
	hostile := []string{
		"=HYPERLINK(\"http://x\",\"点我\")", "+86 138", "-1+1", "@SUM(1)",
		"'; DROP TABLE activities; --", "\u202e社区名\u202c", "🏠议事站🎉",
		strings.Repeat("很长的协商成果", 27), // topic: within 200 characters
	}
	long := strings.Repeat("第一条成果；\n", 285) // near the longest outcome allowed: 1,995 characters
	for i, h := range hostile {
		a := data.Activity{Date: day("2024-06-01").AddDays(i), SiteID: fx.lexi.ID, Topic: "议题" + h,
			TopicSource: data.SourcePublic, Outcome: long, Notes: h}
		must(t, fx.st.SaveActivity(ctx, &a, nil, nil))
	}
	path := filepath.Join(t.TempDir(), "台账.xlsx")
	must(t, Ledger(ctx, fx.st, path, Options{From: day("2024-06-01"), To: day("2024-06-30")}))
	f := reopen(t, path)
	all := rows(t, f, f.GetSheetName(0))
	for _, h := range hostile {
		r := -1
		for i, row := range all {
			for _, v := range row {
				if v == "议题"+h {
					r = i
				}
			}
		}
		if r < 0 {
			t.Errorf("%.20q not found in the ledger", h)
			continue
		}
		// Every cell holding the text is a string cell, not a formula.
		for c, v := range all[r] {
			if v != h && v != "议题"+h && v != long {
				continue
			}
			ref, _ := excelize.CoordinatesToCellName(c+1, r+1)
			if formula, _ := f.GetCellFormula(f.GetSheetName(0), ref); formula != "" {
				t.Errorf("%s became a formula %q", ref, formula)
			}
			if typ, _ := f.GetCellType(f.GetSheetName(0), ref); typ != excelize.CellTypeSharedString && typ != excelize.CellTypeInlineString {
				t.Errorf("%s (%.20q) has type %v, want text", ref, h, typ)
			}
		}
	}
}
