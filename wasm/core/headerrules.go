package core

import (
	"encoding/json"

	"github.com/wxdrop/wxdrop/protocol"
)

// The declarativeNetRequest session rules that make the extension's own
// requests look like the page's (docs/protocol.md §12): a worker's fetch says
// Origin: chrome-extension://… and Sec-Fetch-Site: none, which no request
// of the page does. Limited to requests the extension itself makes
// (initiatorDomains: the host of the extension's own URLs, which in
// Firefox is the add-on's UUID and not its id), so the page's traffic is
// untouched.

type ruleHeader struct {
	Header    string `json:"header"`
	Operation string `json:"operation"`
	Value     string `json:"value,omitempty"`
}

type ruleAction struct {
	Type            string       `json:"type"`
	RequestHeaders  []ruleHeader `json:"requestHeaders,omitempty"`
	ResponseHeaders []ruleHeader `json:"responseHeaders,omitempty"`
}

type ruleCondition struct {
	RequestDomains         []string `json:"requestDomains,omitempty"`
	ExcludedRequestDomains []string `json:"excludedRequestDomains,omitempty"`
	URLFilter              string   `json:"urlFilter,omitempty"`
	InitiatorDomains       []string `json:"initiatorDomains"`
	ResourceTypes          []string `json:"resourceTypes"`
}

// Rule is one declarativeNetRequest rule.
type Rule struct {
	ID        int           `json:"id"`
	Priority  int           `json:"priority"`
	Action    ruleAction    `json:"action"`
	Condition ruleCondition `json:"condition"`
}

// resourceTypes are the kinds of request the extension makes: fetch from
// the worker (xmlhttprequest; "other" where a browser files it so), and
// avatars as <img> in its pages.
var resourceTypes = []string{"xmlhttprequest", "image", "media", "other"}

// HeaderRules returns the session rules for every host of the host table.
// requestDomains also matches subdomains, so each main host's rule leaves
// out its file., webpush. and login. hosts, which have rules of their own.
func HeaderRules(initiator string) []Rule {
	var rules []Rule
	id := 1
	for _, m := range protocol.MainHosts {
		h, _ := protocol.HostsFor(m)
		origin := "https://" + h.Main
		set := func(site string) ruleAction {
			return ruleAction{Type: "modifyHeaders", RequestHeaders: []ruleHeader{
				{Header: "origin", Operation: "set", Value: origin},
				{Header: "referer", Operation: "set", Value: origin + "/"},
				{Header: "sec-fetch-site", Operation: "set", Value: site},
			}}
		}
		rules = append(rules, Rule{ID: id, Priority: 1, Action: set("same-origin"), Condition: ruleCondition{
			RequestDomains: []string{h.Main}, ExcludedRequestDomains: []string{h.File, h.Push, "login." + h.Main},
			InitiatorDomains: []string{initiator}, ResourceTypes: resourceTypes,
		}})
		rules = append(rules, Rule{ID: id + 1, Priority: 1, Action: set("same-site"), Condition: ruleCondition{
			RequestDomains: []string{h.File, h.Push}, InitiatorDomains: []string{initiator}, ResourceTypes: resourceTypes,
		}})
		id += 2
	}
	// Avatars carry skey in their URL (§7); the browser must not keep them
	// in its disk cache, where the URL is the entry's key. In Firefox this
	// rule is what does it (the If-Match below does not keep an answer out
	// of its cache): e2e/firefox TestFirefoxAvatarsLeaveNoSkeyInTheCache.
	rules = append(rules, Rule{ID: id, Priority: 1, Action: ruleAction{Type: "modifyHeaders", ResponseHeaders: []ruleHeader{
		{Header: "cache-control", Operation: "set", Value: "no-store"},
	}}, Condition: ruleCondition{URLFilter: "/cgi-bin/mmwebwx-bin/", InitiatorDomains: []string{initiator}, ResourceTypes: resourceTypes}})
	// That answer's no-store does not do it in Chromium, whose cache writes
	// the answer as the server gave it before a rule changes its headers:
	// the popup's avatars were on disk, skey and all (security.md row 82).
	// A request with If-Match goes past Chromium's cache, neither read from
	// it nor written to it; If-Match: * asks the server for nothing but
	// that the avatar exists, which it does or the answer is no image
	// either way. The worker's own fetches say cache: "no-store" already
	// (jsfetch; jsx.Download since security.md row 92), so only the pages' <img>, <audio> and <video> get it.
	rules = append(rules, Rule{ID: id + 1, Priority: 1, Action: ruleAction{Type: "modifyHeaders", RequestHeaders: []ruleHeader{
		{Header: "if-match", Operation: "set", Value: "*"},
	}}, Condition: ruleCondition{URLFilter: "/cgi-bin/mmwebwx-bin/", InitiatorDomains: []string{initiator}, ResourceTypes: []string{"image", "media"}}})
	return rules
}

// HeaderRulesJSON is HeaderRules as the JSON the browser takes.
func HeaderRulesJSON(initiator string) string {
	b, _ := json.Marshal(HeaderRules(initiator))
	return string(b)
}
