package data

// Person is anyone the office works with: leaders, CPPCC members, department
// staff and community figures (乡贤, 老党员, 老干部, 老劳模, 群众代表).
// Natural key for imports: name + phone, else name + unit.
type Person struct {
	Model
	Name     string `gorm:"not null" json:"name"`
	Gender   string `gorm:"not null;default:''" json:"gender"`   // Genders code or ""
	Position string `gorm:"not null;default:''" json:"position"` // 职务
	Unit     string `gorm:"not null;default:''" json:"unit"`     // 工作单位
	Sector   string `gorm:"not null;default:''" json:"sector"`   // 界别, e.g. 经济界
	Phone    string `gorm:"not null;default:''" json:"phone"`
	Category string `gorm:"not null" json:"category"` // PersonCategories code
	Notes    string `gorm:"not null;default:''" json:"notes"`
}

func (p *Person) Title() string { return p.Name }

var personLabel = label{"人员", "person"}

const (
	GenderMale   = "male"
	GenderFemale = "female"
)

var Genders = enum("gender",
	Option{GenderMale, "男", "Male"},
	Option{GenderFemale, "女", "Female"},
)

const (
	CategoryLeader = "leader" // 处级领导 / 政协领导
	CategoryMember = "member" // 政协委员
	CategoryStaff  = "staff"  // 部门人员
	CategoryFigure = "figure" // 乡贤, 老党员, 老干部, 老劳模, 群众代表
)

var PersonCategories = enum("person_category",
	Option{CategoryLeader, "领导", "Leader"},
	Option{CategoryMember, "政协委员", "CPPCC member"},
	Option{CategoryStaff, "部门人员", "Department staff"},
	Option{CategoryFigure, "社会人士", "Community figure"},
)
