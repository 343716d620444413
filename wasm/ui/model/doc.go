// Package model is the popup's and options page's logic that needs no
// browser: reading the service worker's answers and records, the outbox's
// two lists and their rows (order, state, waiting reason, repeat,
// actions), the schedule form's values, the settings form and the
// outbox's use of its limits, sizes and the chat list's window. The text
// of an error is msg.Text, which the notifications use too.
// It is plain Go, tested natively; package ui only puts its results into
// the DOM.
//
// Texts are produced through a Translator, so that the browser passes
// chrome.i18n.getMessage and the tests pass the real messages.json files.
package model

// Translator returns the localized text of a _locales key with its
// substitutions ($1, $2...), as chrome.i18n.getMessage does.
type Translator func(key string, subs ...string) string
