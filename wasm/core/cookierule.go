package core

import (
	"context"
	"encoding/json"
	"errors"

	"github.com/wxdrop/wxdrop/protocol"
	"github.com/wxdrop/wxdrop/wasm/msg"
	"github.com/wxdrop/wxdrop/wasm/share"
)

// errCookiesCrossed refuses the answer of a download that a redirect led
// with the person's cookies to another site than the page's.
var errCookiesCrossed = errors.New("a redirect to another site than the page's")

// cookieRuleID is the session rule of CookieRule, after HeaderRules' ids.
const cookieRuleID = 1000

// CookieRule is the session rule in place while a picture, video or
// sound goes with the person's cookies of its page's site (site,
// share.CookieSite): the extension's requests to any other host go
// without cookies. The browser follows a redirect with the cookies of
// the whole chain (credentials "include"), and a service worker cannot
// step through one itself (redirect "manual" gives an opaque answer, its
// Location hidden): the page's site sent the download on to another
// site, where the person is logged in, and that request went with the
// person's cookies there (security.md row 96, whose residual this was). The
// WeChat hosts keep theirs (the session's requests need them); a
// download is one at a time (outbox), so no other site's download is
// under way meanwhile.
func CookieRule(initiator, site string) Rule {
	return Rule{ID: cookieRuleID, Priority: 1, Action: ruleAction{Type: "modifyHeaders", RequestHeaders: []ruleHeader{
		{Header: "cookie", Operation: "remove"},
	}}, Condition: ruleCondition{
		ExcludedRequestDomains: append([]string{site}, protocol.MainHosts...),
		InitiatorDomains:       []string{initiator}, ResourceTypes: resourceTypes,
	}}
}

// installRules installs the header rules, and the cookie rule of the site
// set (site; nil keeps the one in place) unless it is "", in one
// replacement of the session rules.
func (c *Core) installRules(ctx context.Context, set *string) error {
	c.ruleSet.Lock()
	defer c.ruleSet.Unlock()
	if set != nil {
		c.cookieSite = *set
	}
	site := c.cookieSite
	rules := HeaderRules(c.env.Runtime.Host())
	if site != "" {
		rules = append(rules, CookieRule(c.env.Runtime.Host(), site))
	}
	b, err := json.Marshal(rules)
	if err == nil {
		err = c.env.Network.SetHeaderRules(ctx, string(b))
	}
	if err != nil {
		return err
	}
	c.mu.Lock()
	c.rulesSet = true
	c.mu.Unlock()
	return nil
}

// confineCookies keeps the cookies of a Source's download to its page's
// site while it runs (CookieRule), and returns what lifts that; a
// download not held to one site (a link, or one without cookies) has the
// rules as they are without it (a rule a stopped worker left in place is
// taken out by the wake's first install).
func (c *Core) confineCookies(ctx context.Context, src msg.Source) (func(), error) {
	site := share.CookieSite(src)
	if site == "" {
		return func() {}, c.ensureRules(ctx)
	}
	if err := c.installRules(ctx, &site); err != nil {
		return nil, err
	}
	none := ""
	return func() { _ = c.installRules(context.WithoutCancel(ctx), &none) }, nil
}
