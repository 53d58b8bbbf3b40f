package export

// One planner per kind: each row becomes the record it would save (the
// stored one patched with the row's non-blank cells, or a new one), checked
// with the record's own Validate, classified, and queued for Apply.

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"pilotdesk/data"
)

// sites: townships first (new villages need their ids), a township named
// only by its villages is created as planned.
func (pl *planner) sites() error {
	sp, err := pl.loadSites()
	if err != nil {
		return err
	}
	type item struct {
		row    int
		s      data.Site
		town   string // the parent's name, resolved to an id when saving
		isTown bool
	}
	var towns, others []*item
	seen := map[siteKey]int{} // within the file: parent name hashed into name
	claimed := map[uint]int{}
	inFile := map[string]bool{} // townships with a row of their own
	for _, r := range pl.rows {
		var errs data.ValidationErrors
		township, name := pl.name(r, "township"), pl.name(r, "name")
		if name == "" {
			name = township
		}
		kind := pl.enum(r, "kind", &errs)
		isTown := kind == data.KindTownship || kind == "" && (township == "" || township == name)
		switch {
		case name == "":
			errs = append(errs, &data.Error{Code: data.EInvalid, Field: "name", ZH: "请填写试点单位名称。", EN: "Please enter the site's name."})
		case isTown && township != "" && township != name:
			errs = append(errs, &data.Error{Code: data.EInvalid, Field: "township",
				ZH: fmt.Sprintf("“%s”是乡镇（街道），其“乡镇（街道）”一栏应留空或写它自己的名称，而不是“%s”。", name, township),
				EN: fmt.Sprintf("%q is a township, so its township column must be empty or its own name, not %q.", name, township)})
		}
		var base *data.Site
		var parent uint
		if isTown {
			base = sp.towns[name]
			township = ""
		} else if t := sp.towns[township]; t != nil {
			parent = t.ID
			base = sp.sites[siteKey{t.ID, name}]
		}
		key := siteKey{0, township + "\x00" + name}
		if first, dup := seen[key]; dup && len(errs) == 0 {
			errs = append(errs, errDuplicate(first).(*data.Error))
		}
		if base != nil {
			if first, dup := claimed[base.ID]; dup && len(errs) == 0 {
				errs = append(errs, errDuplicate(first).(*data.Error))
			}
		}
		var s data.Site
		if base != nil {
			s = *base
		} else {
			s.Kind = data.KindCommunity
			if isTown {
				s.Kind = data.KindTownship
			}
		}
		s.Name = name
		if kind != "" {
			s.Kind = kind
		}
		if isTown {
			s.ParentID = nil
		} else if township != "" {
			p := parent
			s.ParentID = &p // 0 until a new township gets its id
		}
		setText(&s.Platform, pl.text(r, "platform"))
		setText(&s.Address, pl.text(r, "address"))
		setText(&s.Contact, pl.name(r, "contact"))
		setText(&s.Notes, pl.text(r, "notes"))
		if d := pl.date(r, "unveiled_on", &errs); !d.IsZero() {
			s.UnveiledOn = d
		}
		if st := pl.enum(r, "status", &errs); st != "" {
			s.Status = st
		}
		if ph, masked := pl.phone(r, &errs); ph != "" && !masked {
			s.Phone = ph
		}
		if s.Status == "" {
			s.Status = data.StatusPlanned
			if !s.UnveiledOn.IsZero() {
				s.Status = data.StatusUnveiled
			}
		}
		if len(errs) == 0 {
			addErr(&errs, s.Validate())
		}
		if len(errs) > 0 {
			pl.reject(r, errs)
			continue
		}
		seen[key] = r.N
		if base != nil {
			claimed[base.ID] = r.N
		}
		if isTown {
			inFile[name] = true
		}
		changed := base == nil || !sameSite(base, &s)
		pl.tally(base == nil, changed)
		if !changed {
			continue
		}
		it := &item{row: r.N, s: s, town: township, isTown: isTown}
		if isTown {
			towns = append(towns, it)
		} else {
			others = append(others, it)
		}
	}
	// Townships named by their villages only: created as planned.
	var made []*item
	for _, it := range others {
		if sp.towns[it.town] == nil && !inFile[it.town] && !slices.ContainsFunc(made, func(m *item) bool { return m.s.Name == it.town }) {
			made = append(made, &item{row: it.row, s: data.Site{Name: it.town, Kind: data.KindTownship, Status: data.StatusPlanned}, isTown: true})
			pl.p.Created = append(pl.p.Created, Made{ZH: "乡镇（街道）", EN: "Township", Name: it.town})
			pl.p.writes++
		}
	}
	pl.p.apply = func(ctx context.Context, tx *data.Store, tick func(int)) error {
		ids := map[string]uint{}
		for name, t := range sp.towns {
			ids[name] = t.ID
		}
		for _, list := range [][]*item{made, towns, others} {
			for _, it := range list {
				if !it.isTown && it.s.ParentID != nil && *it.s.ParentID == 0 {
					id := ids[it.town]
					it.s.ParentID = &id
				}
				s := it.s // a failed save must leave the plan as it was
				if err := tx.SaveSite(ctx, &s); err != nil {
					return rowFailed(it.row, err)
				}
				if it.isTown {
					ids[s.Name] = s.ID
				}
				tick(1)
			}
		}
		return nil
	}
	return nil
}

func setText(dst *string, v string) {
	if v != "" {
		*dst = v
	}
}

func sameSite(a, b *data.Site) bool {
	return a.Name == b.Name && a.Kind == b.Kind && sameID(a.ParentID, b.ParentID) && a.Platform == b.Platform &&
		a.UnveiledOn.Equal(b.UnveiledOn) && a.Status == b.Status && a.Address == b.Address && a.Contact == b.Contact &&
		a.Phone == b.Phone && a.Notes == b.Notes
}

func sameID(a, b *uint) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return *a == *b
}

// people: matched with data.FindPerson; a new person without a category
// is a CPPCC member when a sector (界别, which only members have) is given.
func (pl *planner) people() error {
	pp, err := pl.loadPeople()
	if err != nil {
		return err
	}
	var todo []struct {
		row int
		p   data.Person
	}
	seen := map[string]int{}
	claimed := map[uint]int{}
	for _, r := range pl.rows {
		if err := pl.ctx.Err(); err != nil {
			return err
		}
		var errs data.ValidationErrors
		name := pl.name(r, "name")
		phone, masked := pl.phone(r, &errs)
		unit, position := pl.unitPosition(r)
		if name == "" {
			errs = append(errs, &data.Error{Code: data.EInvalid, Field: "name", ZH: "请填写姓名。", EN: "Please enter the name."})
		}
		var base *data.Person
		if len(errs) == 0 {
			var err error
			if base, err = pp.find(pl.ctx, name, phone, unit); err != nil {
				addErr(&errs, err)
			}
		}
		key := name + "\x00" + phone
		if phone == "" {
			key += "\x00" + unit
		}
		if first, dup := seen[key]; dup && len(errs) == 0 {
			addErr(&errs, errDuplicate(first))
		}
		if base != nil {
			if first, dup := claimed[base.ID]; dup && len(errs) == 0 {
				addErr(&errs, errDuplicate(first))
			}
		}
		var p data.Person
		if base != nil {
			p = *base
		}
		p.Name = name
		if g := pl.enum(r, "gender", &errs); g != "" {
			p.Gender = g
		}
		setText(&p.Position, position)
		setText(&p.Unit, unit)
		setText(&p.Sector, pl.text(r, "sector"))
		setText(&p.Notes, pl.text(r, "notes"))
		if phone != "" && !masked {
			p.Phone = phone
		}
		if c := pl.enum(r, "category", &errs); c != "" {
			p.Category = c
		} else if p.Category == "" && p.Sector != "" {
			p.Category = data.CategoryMember
		}
		if p.Category == "" && len(errs) == 0 {
			errs = append(errs, &data.Error{Code: data.EInvalid, Field: "category",
				ZH: "请填写人员类别（领导、政协委员、部门人员或社会人士）。", EN: "Please enter the category (leader, CPPCC member, department staff or community figure)."})
		}
		if len(errs) == 0 {
			addErr(&errs, p.Validate())
		}
		if len(errs) > 0 {
			pl.reject(r, errs)
			continue
		}
		seen[key] = r.N
		if base != nil {
			claimed[base.ID] = r.N
		}
		changed := base == nil || !samePerson(base, &p)
		pl.tally(base == nil, changed)
		if changed {
			todo = append(todo, struct {
				row int
				p   data.Person
			}{r.N, p})
		}
	}
	pl.p.apply = func(ctx context.Context, tx *data.Store, tick func(int)) error {
		for _, it := range todo {
			p := it.p
			if err := tx.SavePerson(ctx, &p); err != nil {
				return rowFailed(it.row, err)
			}
			tick(1)
		}
		return nil
	}
	return nil
}

func samePerson(a, b *data.Person) bool {
	return a.Name == b.Name && a.Gender == b.Gender && a.Position == b.Position && a.Unit == b.Unit &&
		a.Sector == b.Sector && a.Phone == b.Phone && a.Category == b.Category && a.Notes == b.Notes
}

// assignments: one per row (姓名 + 联系角色), or the roster's layout, one
// row per site with its leads and liaison members by name. Without a
// from-date a row means the current assignment of that person, site and
// role, so a roster imported back changes nothing.
func (pl *planner) assignments() error {
	sp, err := pl.loadSites()
	if err != nil {
		return err
	}
	pp, err := pl.loadPeople()
	if err != nil {
		return err
	}
	stored, err := pl.st.Assignments(pl.ctx, data.AssignmentFilter{})
	if err != nil {
		return err
	}
	type triple struct {
		person, site uint
		role         string
	}
	byTriple := map[triple][]*data.Assignment{}
	for i := range stored {
		a := &stored[i]
		k := triple{a.PersonID, a.SiteID, a.Role}
		byTriple[k] = append(byTriple[k], a)
	}
	var todo []struct {
		row int
		a   data.Assignment
	}
	claimed := map[uint]int{}
	added := map[triple][]data.Assignment{}
	addedRow := map[triple][]int{}
	today := data.Today()
	for _, r := range pl.rows {
		if err := pl.ctx.Err(); err != nil {
			return err
		}
		var errs data.ValidationErrors
		site, err := sp.find(pl.name(r, "township"), pl.name(r, "site"))
		addErr(&errs, err)
		from, to := pl.date(r, "from_date", &errs), pl.date(r, "to_date", &errs)
		notes := pl.text(r, "notes")
		if _, byName := pl.col["name"]; !byName {
			notes = "" // in the roster's layout 备注 is about the site
		}
		type who struct{ name, role string }
		var list []who
		if name := pl.name(r, "name"); name != "" {
			list = append(list, who{name, pl.enum(r, "role", &errs)})
		}
		for _, n := range splitNames(pl.cell(r, "leads")) {
			list = append(list, who{n, data.RoleLead})
		}
		for _, n := range splitNames(pl.cell(r, "liaisons")) {
			list = append(list, who{n, data.RoleLiaison})
		}
		if _, byName := pl.col["name"]; len(list) == 0 && !byName {
			continue // the roster's layout: a site nobody guides
		}
		if len(list) == 0 && len(errs) == 0 {
			errs = append(errs, &data.Error{Code: data.EInvalid, Field: "person_id", ZH: "请填写人员姓名。", EN: "Please enter the person's name."})
		}
		phone, _ := pl.phone(r, &errs)
		unit := pl.text(r, "unit")
		var rowNew, rowChanged bool
		var rowTodo []data.Assignment
		var rowClaimed []uint
		for _, w := range list {
			if len(errs) > 0 {
				break
			}
			ph, un := "", ""
			if len(list) == 1 {
				ph, un = phone, unit
			}
			p, err := pp.find(pl.ctx, w.name, ph, un)
			if err == nil && p == nil {
				err = errNoPerson(w.name)
			}
			if err != nil {
				addErr(&errs, err)
				break
			}
			k := triple{p.ID, site.ID, w.role}
			var base *data.Assignment
			for _, c := range byTriple[k] {
				if _, taken := claimed[c.ID]; taken {
					continue
				}
				if !from.IsZero() && c.FromDate.Equal(from) || from.IsZero() && c.CurrentOn(today) {
					base = c
					break
				}
			}
			if base == nil && from.IsZero() && to.IsZero() {
				for _, c := range byTriple[k] { // none current: the latest
					if _, taken := claimed[c.ID]; !taken {
						base = c
					}
				}
			}
			a := data.Assignment{PersonID: p.ID, SiteID: site.ID, Role: w.role}
			if base != nil {
				a = *base
			}
			if !from.IsZero() {
				a.FromDate = from
			}
			if !to.IsZero() {
				a.ToDate = to
			}
			setText(&a.Notes, notes)
			if err := a.Validate(); err != nil {
				addErr(&errs, err)
				break
			}
			if base == nil {
				// Overlap with a stored assignment or an earlier row: the
				// save would refuse it; say so now, naming what clashes.
				for _, c := range byTriple[k] {
					if overlaps(c, &a) {
						addErr(&errs, &data.Error{Code: data.EConflict, Field: "person_id",
							ZH: fmt.Sprintf("%s在这段时间内已是%s的%s，不能重复登记。", p.Name, site.Name, data.AssignmentRoles.Label(w.role, "zh")),
							EN: fmt.Sprintf("%s is already %s of %s over these days.", p.Name, data.AssignmentRoles.Label(w.role, "en"), site.Name)})
						break
					}
				}
				for i, o := range added[k] {
					if len(errs) == 0 && overlaps(&o, &a) {
						addErr(&errs, errDuplicate(addedRow[k][i]))
					}
				}
				if len(errs) > 0 {
					break
				}
			} else {
				claimed[base.ID] = r.N
				rowClaimed = append(rowClaimed, base.ID)
			}
			changed := base == nil || !sameAssignment(base, &a)
			rowNew = rowNew || base == nil
			rowChanged = rowChanged || changed
			if changed {
				rowTodo = append(rowTodo, a)
			}
		}
		if len(errs) > 0 {
			for _, id := range rowClaimed { // release what this row had claimed
				delete(claimed, id)
			}
			pl.reject(r, errs)
			continue
		}
		for _, a := range rowTodo {
			if a.ID == 0 {
				k := triple{a.PersonID, a.SiteID, a.Role}
				added[k] = append(added[k], a)
				addedRow[k] = append(addedRow[k], r.N)
			}
			todo = append(todo, struct {
				row int
				a   data.Assignment
			}{r.N, a})
		}
		pl.tally(rowNew, rowChanged)
		if n := len(rowTodo); n > 1 {
			pl.p.writes += n - 1
		}
	}
	pl.p.apply = func(ctx context.Context, tx *data.Store, tick func(int)) error {
		for _, it := range todo {
			a := it.a
			if err := tx.SaveAssignment(ctx, &a); err != nil {
				return rowFailed(it.row, err)
			}
			tick(1)
		}
		return nil
	}
	return nil
}

// overlaps tells whether two assignments share a day (zero ends are open).
func overlaps(a, b *data.Assignment) bool {
	return (a.ToDate.IsZero() || b.FromDate.IsZero() || !a.ToDate.Before(b.FromDate)) &&
		(b.ToDate.IsZero() || a.FromDate.IsZero() || !b.ToDate.Before(a.FromDate))
}

func sameAssignment(a, b *data.Assignment) bool {
	return a.PersonID == b.PersonID && a.SiteID == b.SiteID && a.Role == b.Role &&
		a.FromDate.Equal(b.FromDate) && a.ToDate.Equal(b.ToDate) && a.Notes == b.Notes
}

// panelMembers: a panel named but not on file is created, and so is a
// person not on file (as department staff, with the row's details); people
// already on file are left as they are.
func (pl *planner) panelMembers() error {
	pp, err := pl.loadPeople()
	if err != nil {
		return err
	}
	panels, err := pl.st.Panels(pl.ctx)
	if err != nil {
		return err
	}
	panelByName := map[string]*data.Panel{}
	for i := range panels {
		panelByName[panels[i].Name] = &panels[i]
	}
	type pair struct{ panel, person uint }
	members := map[pair]*data.PanelMember{}
	for _, p := range panels {
		list, err := pl.st.PanelMembers(pl.ctx, p.ID)
		if err != nil {
			return err
		}
		for i := range list {
			members[pair{list[i].PanelID, list[i].PersonID}] = &list[i]
		}
	}
	defaultPanel := pl.opts.Panel
	if defaultPanel == "" {
		if panelByName[pl.p.Table.Sheet] != nil {
			defaultPanel = pl.p.Table.Sheet
		} else if len(panels) == 1 {
			defaultPanel = panels[0].Name
		}
	}
	type newPerson struct {
		row int
		p   data.Person
	}
	var newPanels []string
	var newPeople []*newPerson
	newPeopleByKey := map[string]*newPerson{}
	type item struct {
		row    int
		m      data.PanelMember
		panel  string     // a new panel's name
		person *newPerson // a new person
	}
	var todo []item
	seen := map[string]int{}
	for _, r := range pl.rows {
		if err := pl.ctx.Err(); err != nil {
			return err
		}
		var errs data.ValidationErrors
		panelName := pl.text(r, "panel")
		if panelName == "" {
			panelName = defaultPanel
		}
		if panelName == "" {
			errs = append(errs, &data.Error{Code: data.EInvalid, Field: "panel_id",
				ZH: "请填写所属政策顾问团（或在导入时选定顾问团）。", EN: "Please enter the advisory panel (or choose one for the import)."})
		}
		name := pl.name(r, "name")
		phone, masked := pl.phone(r, &errs)
		unit, position := pl.unitPosition(r)
		gender := pl.enum(r, "gender", &errs)
		if name == "" {
			errs = append(errs, &data.Error{Code: data.EInvalid, Field: "name", ZH: "请填写姓名。", EN: "Please enter the name."})
		}
		var person *data.Person
		var fresh *newPerson
		pkey := name + "\x00" + phone + "\x00" + unit
		if len(errs) == 0 {
			var err error
			person, err = pp.find(pl.ctx, name, phone, unit)
			if err != nil {
				addErr(&errs, err)
			} else if person == nil {
				fresh = newPeopleByKey[pkey]
				if fresh == nil {
					fresh = &newPerson{row: r.N, p: data.Person{Name: name, Gender: gender, Unit: unit, Position: position, Category: data.CategoryStaff}}
					if !masked {
						fresh.p.Phone = phone
					}
					addErr(&errs, fresh.p.Validate())
				}
			}
		}
		panel := panelByName[panelName]
		var base *data.PanelMember
		if panel != nil && person != nil {
			base = members[pair{panel.ID, person.ID}]
		}
		key := panelName + "\x00" + pkey
		if first, dup := seen[key]; dup && len(errs) == 0 {
			addErr(&errs, errDuplicate(first))
		}
		m := data.PanelMember{PanelID: 1, PersonID: 1} // ids filled when saving
		if base != nil {
			m = *base
		}
		setText(&m.Department, pl.text(r, "department"))
		setText(&m.Expertise, pl.text(r, "expertise"))
		setText(&m.Notes, pl.text(r, "notes"))
		if len(errs) == 0 {
			addErr(&errs, m.Validate())
		}
		if len(errs) > 0 {
			pl.reject(r, errs)
			continue
		}
		seen[key] = r.N
		if panel == nil && !slices.Contains(newPanels, panelName) {
			newPanels = append(newPanels, panelName)
			pl.p.Created = append(pl.p.Created, Made{ZH: "政策顾问团", EN: "Advisory panel", Name: panelName})
			pl.p.writes++
		}
		if fresh != nil && newPeopleByKey[pkey] == nil {
			newPeopleByKey[pkey] = fresh
			newPeople = append(newPeople, fresh)
			pl.p.Created = append(pl.p.Created, Made{ZH: "人员", EN: "Person", Name: name})
			pl.p.writes++
		}
		changed := base == nil || base.Department != m.Department || base.Expertise != m.Expertise || base.Notes != m.Notes
		pl.tally(base == nil, changed)
		if changed {
			it := item{row: r.N, m: m, person: fresh}
			if panel == nil {
				it.panel = panelName
			} else {
				it.m.PanelID = panel.ID
			}
			if person != nil {
				it.m.PersonID = person.ID
			}
			todo = append(todo, it)
		}
	}
	pl.p.apply = func(ctx context.Context, tx *data.Store, tick func(int)) error {
		panelIDs := map[string]uint{}
		for _, name := range newPanels {
			p := data.Panel{Name: name}
			if err := tx.SavePanel(ctx, &p); err != nil {
				return err
			}
			panelIDs[name] = p.ID
			tick(1)
		}
		personIDs := map[*newPerson]uint{}
		for _, np := range newPeople {
			p := np.p
			if err := tx.SavePerson(ctx, &p); err != nil {
				return rowFailed(np.row, err)
			}
			personIDs[np] = p.ID
			tick(1)
		}
		for _, it := range todo {
			m := it.m
			if it.panel != "" {
				m.PanelID = panelIDs[it.panel]
			}
			if it.person != nil {
				m.PersonID = personIDs[it.person]
			}
			if err := tx.SavePanelMember(ctx, &m); err != nil {
				return rowFailed(it.row, err)
			}
			tick(1)
		}
		return nil
	}
	return nil
}

// activities: new ones go in through data.InsertActivities in large
// batches (one transaction with the rest), changed ones through
// SaveActivity with their attendees and follow-up items as stored.
func (pl *planner) activities() error {
	sp, err := pl.loadSites()
	if err != nil {
		return err
	}
	type actKey struct {
		date  data.Date
		site  uint
		topic string
	}
	// One entry per good row: acts[i] as read (then as it will be saved),
	// rows[i] where it came from; the patch applies its non-blank cells.
	// The new ones end up at the front of acts, as InsertActivities takes
	// them: a 100,000-row ledger holds its activities once.
	type row struct {
		n     int32
		given uint8 // bit j: the j-th count column was filled
		bad   error // Validate's answer for the row as read (on every core)
	}
	counts := []string{"participants", "votes_for", "votes_against", "votes_abstain", "problems_solved"}
	// Each row reads on its own: the rows are read in one part per core
	// (a second core halves the preview's largest step), each part into its
	// own stretch of acts, which are then closed up in sheet order.
	acts := make([]data.Activity, len(pl.rows))
	rows := make([]row, len(pl.rows))
	type part struct {
		lo, good int
		rejected []Rejection
	}
	parts, err := inParts(len(pl.rows), func(lo, hi int) (part, error) {
		p := part{lo: lo}
		for i, r := range pl.rows[lo:hi] {
			if i%4096 == 0 {
				if err := pl.ctx.Err(); err != nil {
					return p, err
				}
			}
			var errs data.ValidationErrors
			site, err := sp.find(pl.name(r, "township"), pl.name(r, "site"))
			addErr(&errs, err)
			a := &acts[lo+p.good]
			a.Date = pl.date(r, "date", &errs)
			a.Topic = pl.text(r, "topic")
			a.TopicSource = pl.enum(r, "topic_source", &errs)
			a.Form = pl.enum(r, "form", &errs)
			a.Procedure = pl.text(r, "procedure")
			a.Decision = pl.enum(r, "decision", &errs)
			a.Outcome = pl.text(r, "outcome")
			a.FollowUp = pl.enum(r, "follow_up", &errs)
			a.FollowUpDate = pl.date(r, "follow_up_date", &errs)
			a.Notes = pl.text(r, "notes")
			var given uint8
			for j, dst := range []*int{&a.Participants, &a.VotesFor, &a.VotesAgainst, &a.VotesAbstain, &a.ProblemsSolved} {
				var ok bool
				if *dst, ok = pl.count(r, counts[j], &errs); ok {
					given |= 1 << j
				}
			}
			if len(errs) > 0 {
				*a = data.Activity{}
				p.rejected = append(p.rejected, Rejection{Row: r.N, Err: errs})
				continue
			}
			a.SiteID = site.ID
			rows[lo+p.good] = row{n: int32(r.N), given: given, bad: a.Validate()}
			p.good++
		}
		return p, nil
	})
	if err != nil {
		return err
	}
	good := 0
	for _, p := range parts {
		copy(acts[good:], acts[p.lo:p.lo+p.good])
		copy(rows[good:], rows[p.lo:p.lo+p.good])
		good += p.good
		pl.p.Rejected = append(pl.p.Rejected, p.rejected...)
	}
	clear(acts[good:])
	acts, rows = acts[:good], rows[:good]
	keys := make(map[actKey]int32, good) // every key in the sheet -> the first good row using it (0: none yet)
	for i := range acts {
		keys[actKey{acts[i].Date, acts[i].SiteID, acts[i].Topic}] = 0
	}
	patch := func(b, p *data.Activity, r *row) {
		setText(&b.Topic, p.Topic)
		setText(&b.TopicSource, p.TopicSource)
		setText(&b.Form, p.Form)
		setText(&b.Procedure, p.Procedure)
		setText(&b.Decision, p.Decision)
		setText(&b.Outcome, p.Outcome)
		setText(&b.FollowUp, p.FollowUp)
		setText(&b.Notes, p.Notes)
		if !p.FollowUpDate.IsZero() {
			b.FollowUpDate = p.FollowUpDate
		}
		src := []int{p.Participants, p.VotesFor, p.VotesAgainst, p.VotesAbstain, p.ProblemsSolved}
		for j, dst := range []*int{&b.Participants, &b.VotesFor, &b.VotesAgainst, &b.VotesAbstain, &b.ProblemsSolved} {
			if r.given&(1<<j) != 0 {
				*dst = src[j]
			}
		}
	}
	// The stored activities the sheet names, read in batches: only those
	// are kept, so a 100,000-row ledger costs memory once, not twice.
	stored := map[actKey][]data.Activity{}
	err = pl.st.EachActivity(pl.ctx, data.ActivityFilter{}, 5000, func(batch []data.Activity) error {
		for _, a := range batch {
			k := actKey{a.Date, a.SiteID, a.Topic}
			if _, ok := keys[k]; ok {
				stored[k] = append(stored[k], a)
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	type update struct {
		a data.Activity
		n int32
	}
	var updates []update
	fresh := 0 // acts[:fresh] are new, rows[:fresh] their sheet rows
	claimed := map[uint]bool{}
	for i := range rows {
		r, read := rows[i], &acts[i]
		k := actKey{read.Date, read.SiteID, read.Topic}
		var base *data.Activity
		var a data.Activity
		cands := stored[k]
		for j := range cands { // the stored one it leaves as it is, else the next unclaimed
			if claimed[cands[j].ID] {
				continue
			}
			b := cands[j]
			patch(&b, read, &r)
			if b.Validate() == nil && sameActivity(&cands[j], &b) {
				base, a = &cands[j], b
				break
			}
		}
		if base == nil {
			for j := range cands {
				if !claimed[cands[j].ID] {
					base, a = &cands[j], cands[j]
					patch(&a, read, &r)
					break
				}
			}
		}
		if base == nil {
			if first := keys[k]; first != 0 {
				pl.p.Rejected = append(pl.p.Rejected, Rejection{int(r.n), errDuplicate(int(first))})
				continue
			}
			a = *read
		}
		err := r.bad
		if base != nil {
			err = a.Validate()
		}
		if err != nil {
			pl.p.Rejected = append(pl.p.Rejected, Rejection{int(r.n), err})
			continue
		}
		if keys[k] == 0 {
			keys[k] = r.n
		}
		if base == nil {
			acts[fresh], rows[fresh] = a, r // fresh <= i: acts[i] is read already
			fresh++
			pl.tally(true, true)
			continue
		}
		claimed[base.ID] = true
		changed := !sameActivity(base, &a)
		pl.tally(false, changed)
		if changed {
			updates = append(updates, update{a, r.n})
		}
	}
	slices.SortFunc(pl.p.Rejected, func(a, b Rejection) int { return a.Row - b.Row })
	clear(acts[fresh:]) // the matched and refused ones: only the new are kept
	acts, rows = acts[:fresh], rows[:fresh]
	pl.p.apply = func(ctx context.Context, tx *data.Store, tick func(int)) error {
		in := 0
		err := tx.InsertActivitiesReporting(ctx, acts, func(done int) { tick(done - in); in = done })
		if err != nil {
			var re *data.RowError
			if !errors.As(err, &re) {
				return err
			}
			return rowFailed(int(rows[re.Index].n), re.Err)
		}
		for _, r := range updates {
			d, err := tx.Activity(ctx, r.a.ID)
			if err != nil {
				return rowFailed(int(r.n), err)
			}
			a := r.a
			if err := tx.SaveActivity(ctx, &a, d.Attendees, d.Items); err != nil {
				return rowFailed(int(r.n), err)
			}
			tick(1)
		}
		return nil
	}
	return nil
}

func sameActivity(a, b *data.Activity) bool {
	return a.Date.Equal(b.Date) && a.SiteID == b.SiteID && a.Topic == b.Topic && a.TopicSource == b.TopicSource &&
		a.Form == b.Form && a.Procedure == b.Procedure && a.Decision == b.Decision && a.VotesFor == b.VotesFor &&
		a.VotesAgainst == b.VotesAgainst && a.VotesAbstain == b.VotesAbstain && a.Participants == b.Participants &&
		a.Outcome == b.Outcome && a.FollowUp == b.FollowUp && a.FollowUpDate.Equal(b.FollowUpDate) &&
		a.ProblemsSolved == b.ProblemsSolved && a.Notes == b.Notes
}
