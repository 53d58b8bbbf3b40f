package data

// Assignment (挂包联系) puts a person in charge of guiding one site: as its
// lead (牵头领导) or as a liaison member (联系委员), from a date until an
// optional end date (zero: still current).
type Assignment struct {
	Model
	PersonID uint   `gorm:"not null" json:"person_id"`
	SiteID   uint   `gorm:"not null" json:"site_id"`
	Role     string `gorm:"not null" json:"role"` // AssignmentRoles code
	FromDate Date   `json:"from_date"`
	ToDate   Date   `json:"to_date"`
	Notes    string `gorm:"not null;default:''" json:"notes"`

	// Filled by list queries.
	PersonName string `gorm:"->;-:migration" json:"person_name,omitempty"`
	SiteName   string `gorm:"->;-:migration" json:"site_name,omitempty"`
	Township   string `gorm:"->;-:migration" json:"township,omitempty"`
}

func (a *Assignment) Title() string { return a.PersonName + " → " + a.SiteName }

var assignmentLabel = label{"挂包联系", "assignment"}

const (
	RoleLead    = "lead"    // 牵头领导
	RoleLiaison = "liaison" // 联系委员
)

var AssignmentRoles = enum("assignment_role",
	Option{RoleLead, "牵头领导", "Lead"},
	Option{RoleLiaison, "联系委员", "Liaison member"},
)
