package data

// Task is a target task (目标任务) with its deadline (时间节点), set for one
// site, for every site of a township, or for every pilot site. Completion
// is recorded per site in TaskCompletion.
type Task struct {
	Model
	Name          string `gorm:"not null" json:"name"`  // e.g. 挂牌, 首次协商, 制度上墙
	Scope         string `gorm:"not null" json:"scope"` // TaskScopes code
	SiteID        *uint  `json:"site_id,omitempty"`     // the site (scope site) or township (scope township)
	Deadline      Date   `gorm:"not null" json:"deadline"`
	ResponsibleID *uint  `json:"responsible_id,omitempty"`                 // a person on file
	Status        string `gorm:"not null;default:'pending'" json:"status"` // TaskStatuses code
	DoneOn        Date   `json:"done_on"`
	Notes         string `gorm:"not null;default:''" json:"notes"`
}

func (t *Task) Title() string { return t.Name }

var taskLabel = label{"目标任务", "target task"}

// TaskCompletion records that one site finished a task.
type TaskCompletion struct {
	ID     uint   `gorm:"primaryKey" json:"id"`
	TaskID uint   `gorm:"not null" json:"task_id"`
	SiteID uint   `gorm:"not null" json:"site_id"`
	DoneOn Date   `gorm:"not null" json:"done_on"`
	Notes  string `gorm:"not null;default:''" json:"notes"`
}

const (
	ScopeSite     = "site"
	ScopeTownship = "township"
	ScopeAll      = "all"
)

var TaskScopes = enum("task_scope",
	Option{ScopeSite, "单个试点单位", "One site"},
	Option{ScopeTownship, "乡镇（街道）内全部试点", "All sites of a township"},
	Option{ScopeAll, "全部试点单位", "Every pilot site"},
)

var TaskStatuses = enum("task_status",
	Option{"pending", "未开始", "Not started"},
	Option{"in_progress", "进行中", "In progress"},
	Option{"done", "已完成", "Done"},
)
