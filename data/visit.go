package data

// Visit is a supervision visit (调研指导): leaders visit sites to guide them
// and note what they found and what they require.
type Visit struct {
	Model
	Date         Date   `gorm:"not null" json:"date"`
	Findings     string `gorm:"not null;default:''" json:"findings"`
	Requirements string `gorm:"not null;default:''" json:"requirements"`
	Notes        string `gorm:"not null;default:''" json:"notes"`
}

func (v *Visit) Title() string { return v.Date.String() }

var visitLabel = label{"调研指导", "supervision visit"}

// VisitPerson is a leader on a visit.
type VisitPerson struct {
	VisitID  uint `gorm:"primaryKey;autoIncrement:false" json:"visit_id"`
	PersonID uint `gorm:"primaryKey;autoIncrement:false" json:"person_id"`
}

// VisitSite is a site visited.
type VisitSite struct {
	VisitID uint `gorm:"primaryKey;autoIncrement:false" json:"visit_id"`
	SiteID  uint `gorm:"primaryKey;autoIncrement:false" json:"site_id"`
}
