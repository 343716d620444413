package protocol

import (
	"net/url"
	"strconv"
	"strings"
)

// Leaks reports whether text holds one of the session's secrets (skey,
// pass_ticket, webwx_data_ticket, sid, uin), as it is or URL-encoded
// once or twice (§1.2: the page encodes pass_ticket again): the last
// check on a string about to be stored or sent.
func (s Session) Leaks(text string) bool {
	if text == "" {
		return false
	}
	vals := newRedactor(s)
	for _, v := range []string{s.Skey, s.PassTicket, s.passTicketDecoded(), s.DataTicket} {
		if len(v) >= 4 && v != "undefined" {
			vals = append(vals, escape(v), url.QueryEscape(escape(v)))
		}
	}
	if s.Uin >= 100000 && hasNumber(text, strconv.FormatInt(s.Uin, 10)) {
		return true
	}
	lower := strings.ToLower(text)
	for _, v := range vals {
		// Percent-escapes may be written in either case.
		if strings.Contains(text, v) || strings.Contains(lower, strings.ToLower(v)) {
			return true
		}
	}
	return false
}

// hasNumber reports whether n occurs in text as a number of its own, not
// inside a longer one (a uin is about ten digits; a MsgID's nineteen may
// hold it by chance).
func hasNumber(text, n string) bool {
	for i := 0; ; {
		j := strings.Index(text[i:], n)
		if j < 0 {
			return false
		}
		at := i + j
		before := at == 0 || text[at-1] < '0' || text[at-1] > '9'
		end := at + len(n)
		after := end == len(text) || text[end] < '0' || text[end] > '9'
		if before && after {
			return true
		}
		i = at + 1
	}
}
