package data

// Panel is a policy advisory panel (政策顾问团).
type Panel struct {
	Model
	Name        string `gorm:"not null" json:"name"`
	Description string `gorm:"not null;default:''" json:"description"`
	Notes       string `gorm:"not null;default:''" json:"notes"`
}

func (p *Panel) Title() string { return p.Name }

var panelLabel = label{"政策顾问团", "advisory panel"}

// PanelMember is a person on a panel, recommended by a functional
// department, with what they advise on.
type PanelMember struct {
	Model
	PanelID    uint   `gorm:"not null" json:"panel_id"`
	PersonID   uint   `gorm:"not null" json:"person_id"`
	Department string `gorm:"not null;default:''" json:"department"` // 推荐部门
	Expertise  string `gorm:"not null;default:''" json:"expertise"`  // 擅长领域
	Notes      string `gorm:"not null;default:''" json:"notes"`

	// Filled by list queries.
	PersonName string `gorm:"->;-:migration" json:"person_name,omitempty"`
	PanelName  string `gorm:"->;-:migration" json:"panel_name,omitempty"`
}

func (m *PanelMember) Title() string { return m.PanelName + " / " + m.PersonName }

var panelMemberLabel = label{"顾问团成员", "panel member"}
