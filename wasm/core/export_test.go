package core

// What the tests of package core_test reach inside.
var (
	NotificationText = notificationText
	RuleRefusal      = ruleRefusal
)

// CookieRuleID is the cookie rule's id among the session rules.
const CookieRuleID = cookieRuleID

// SetSavesPerHour bounds c's save rules to n bytes an hour.
func SetSavesPerHour(c *Core, n int64) { c.savesPerHour = n }
