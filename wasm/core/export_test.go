package core

// What the tests of package core_test reach inside.
var (
	NotificationText = notificationText
	RuleRefusal      = ruleRefusal
)
