package data

// Activity is one consultation activity (协商议事活动) held at a site.
// TownshipID repeats the site's township so the ledger's filters and the
// statistics by township use one index instead of a join; it is kept in
// step whenever an activity is saved or its site moves.
type Activity struct {
	Model
	Date           Date   `gorm:"not null" json:"date"`
	SiteID         uint   `gorm:"not null" json:"site_id"`
	TownshipID     uint   `gorm:"not null" json:"township_id"`
	Topic          string `gorm:"not null" json:"topic"`                       // 议题
	TopicSource    string `gorm:"not null" json:"topic_source"`                // TopicSources code
	Form           string `gorm:"not null;default:''" json:"form"`             // ActivityForms code
	Procedure      string `gorm:"not null;default:''" json:"procedure"`        // e.g. 三阶五步
	Decision       string `gorm:"not null;default:''" json:"decision"`         // Decisions code
	VotesFor       int    `gorm:"not null;default:0" json:"votes_for"`         // where voted
	VotesAgainst   int    `gorm:"not null;default:0" json:"votes_against"`     //
	VotesAbstain   int    `gorm:"not null;default:0" json:"votes_abstain"`     //
	Participants   int    `gorm:"not null;default:0" json:"participants"`      // head count
	Outcome        string `gorm:"not null;default:''" json:"outcome"`          // 协商成果
	FollowUp       string `gorm:"not null;default:'pending'" json:"follow_up"` // FollowUps code
	FollowUpDate   Date   `json:"follow_up_date"`                              // when the follow-up status was last set
	ProblemsSolved int    `gorm:"not null;default:0" json:"problems_solved"`
	Notes          string `gorm:"not null;default:''" json:"notes"`

	// Filled by list queries.
	SiteName string `gorm:"->;-:migration" json:"site_name,omitempty"`
	Township string `gorm:"->;-:migration" json:"township,omitempty"`
}

func (a *Activity) Title() string { return a.Date.String() + " " + a.Topic }

var activityLabel = label{"协商议事活动", "consultation activity"}

// Attendee is a named participant of an activity: a person on file, or a
// stakeholder known only by name. Name is kept even for people on file so the
// record reads the same after the person is purged.
type Attendee struct {
	ID         uint   `gorm:"primaryKey" json:"id"`
	ActivityID uint   `gorm:"not null" json:"activity_id"`
	PersonID   *uint  `json:"person_id,omitempty"`
	Name       string `gorm:"not null" json:"name"`
	Role       string `gorm:"not null" json:"role"` // AttendeeRoles code
}

// FollowUpItem (督办事项) is one thing to be done from an activity's outcome.
type FollowUpItem struct {
	Model
	ActivityID uint   `gorm:"not null" json:"activity_id"`
	Task       string `gorm:"not null" json:"task"`                     // what is to be done
	Unit       string `gorm:"not null;default:''" json:"unit"`          // responsible unit
	Deadline   Date   `json:"deadline"`                                 //
	Status     string `gorm:"not null;default:'pending'" json:"status"` // FollowUps code
	Progress   int    `gorm:"not null;default:0" json:"progress"`       // percent, 0-100
	DoneOn     Date   `json:"done_on"`
	Notes      string `gorm:"not null;default:''" json:"notes"`
}

func (f *FollowUpItem) Title() string { return f.Task }

var followUpLabel = label{"督办事项", "follow-up item"}

const (
	SourceParty      = "party"      // 党委会点题
	SourceGovernment = "government" // 政府出题
	SourceMember     = "member"     // 委员荐题
	SourcePublic     = "public"     // 社会征题
)

var TopicSources = enum("topic_source",
	Option{SourceParty, "党委会点题", "Named by the Party committee"},
	Option{SourceGovernment, "政府出题", "Set by the government"},
	Option{SourceMember, "委员荐题", "Recommended by members"},
	Option{SourcePublic, "社会征题", "Solicited from the public"},
)

var ActivityForms = enum("activity_form",
	Option{"meeting", "协商议事会", "Consultation meeting"},
	Option{"forum", "座谈会", "Forum"},
	Option{"onsite", "现场协商", "On-site consultation"},
	Option{"remote", "远程协商", "Remote consultation"},
)

const (
	DecisionHands     = "show_of_hands" // 举手表决
	DecisionBallot    = "ballot"        // 无记名投票
	DecisionConsensus = "consensus"     // 协商一致
)

var Decisions = enum("decision",
	Option{DecisionHands, "举手表决", "Show of hands"},
	Option{DecisionBallot, "无记名投票", "Secret ballot"},
	Option{DecisionConsensus, "协商一致", "Consensus"},
)

const (
	FollowUpPending    = "pending"
	FollowUpInProgress = "in_progress"
	FollowUpDone       = "done"
)

var FollowUps = enum("follow_up",
	Option{FollowUpPending, "待落实", "Pending"},
	Option{FollowUpInProgress, "落实中", "In progress"},
	Option{FollowUpDone, "已落实", "Done"},
)

var AttendeeRoles = enum("attendee_role",
	Option{"member", "政协委员", "CPPCC member"},
	Option{"adviser", "政策顾问", "Policy adviser"},
	Option{"stakeholder", "利益相关方", "Stakeholder"},
	Option{"other", "其他", "Other"},
)
