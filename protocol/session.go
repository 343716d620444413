package protocol

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"
)

// Session is what a logged-in tab knows of its web WeChat login (§1).
//
// Uin, Sid and DataTicket are in the tab's cookies (wxuin, wxsid,
// webwx_data_ticket); Skey and PassTicket live only in the page's memory.
// PassTicket is kept exactly as the login XML gives it, which is already
// URL-encoded text (§1.2), and is empty when unknown: after a reload the page
// never learns it again (§1.3). Skey, PassTicket, DataTicket and Sid are
// secrets: String and GoString never print them.
type Session struct {
	Uin        int64
	Sid        string
	Skey       string
	PassTicket string
	DataTicket string
	// UserName is the account's own session-scoped name (@…).
	UserName string
	// Host is the main host the tab is on, e.g. wx.qq.com.
	Host string
	// DeviceID, when set, is sent in every BaseRequest. When empty a fresh
	// one is made for every request, as the page does (§1.5).
	DeviceID string
}

// String describes the session without its secrets, so a session that ends
// up in a log or an error message leaks nothing.
func (s Session) String() string {
	return fmt.Sprintf("Session{Uin:%d Host:%s UserName:%s PassTicketKnown:%t}", s.Uin, s.Host, s.UserName, s.PassTicket != "")
}

// GoString is String, so %#v does not print the secrets either.
func (s Session) GoString() string { return s.String() }

// Validate reports what a usable session lacks, in words a person can act on.
func (s Session) Validate() error {
	switch {
	case s.Uin == 0:
		return fmt.Errorf("protocol: session has no Uin (the wxuin cookie)")
	case s.Sid == "":
		return fmt.Errorf("protocol: session has no Sid (the wxsid cookie)")
	case s.Skey == "":
		return fmt.Errorf("protocol: session has no skey (learned from the page)")
	case s.DataTicket == "":
		return fmt.Errorf("protocol: session has no webwx_data_ticket cookie")
	}
	if _, err := HostsFor(s.Host); err != nil {
		return err
	}
	return nil
}

// passTicketDecoded is the form the page puts into upload forms (§1.2):
// decodeURIComponent of the stored text, or "undefined" when unknown (§1.3).
func (s Session) passTicketDecoded() string {
	if s.PassTicket == "" {
		return "undefined"
	}
	if d, err := url.QueryUnescape(s.PassTicket); err == nil {
		return d
	}
	return s.PassTicket
}

// BaseRequest is the session block of every JSON POST (§2).
type BaseRequest struct {
	Uin      int64  `json:"Uin"`
	Sid      string `json:"Sid"`
	Skey     string `json:"Skey"`
	DeviceID string `json:"DeviceID"`
}

// Uin is a uin that decodes from a JSON number or a string: the page sends
// both (§2). It always encodes as a number, wxdrop's choice (§12).
type Uin int64

// UnmarshalJSON accepts 566148615 and "566148615".
func (u *Uin) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return fmt.Errorf("uin %q is not a number", s)
		}
		*u = Uin(n)
		return nil
	}
	var n int64
	if err := json.Unmarshal(b, &n); err != nil {
		return err
	}
	*u = Uin(n)
	return nil
}
