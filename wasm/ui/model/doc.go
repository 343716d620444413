// Package model is the popup's and options page's logic that needs no
// browser: reading the service worker's answers, the text of an error or
// a job, sizes, job order and the chat list's window. It is plain Go,
// tested natively; package ui only puts its results into the DOM.
//
// Texts are produced through a Translator, so that the browser passes
// chrome.i18n.getMessage and the tests pass the real messages.json files.
package model

// Translator returns the localized text of a _locales key with its
// substitutions ($1, $2...), as chrome.i18n.getMessage does.
type Translator func(key string, subs ...string) string
