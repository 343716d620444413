package wxsim

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// parseSyncCheckKey reads synccheck's synckey, Key_Val|Key_Val (§4.1).
func parseSyncCheckKey(v string) ([]SyncKeyItem, error) {
	var out []SyncKeyItem
	for _, part := range strings.Split(v, "|") {
		k, val, ok := strings.Cut(part, "_")
		ki, err1 := strconv.Atoi(k)
		vi, err2 := strconv.ParseInt(val, 10, 64)
		if !ok || err1 != nil || err2 != nil {
			return nil, fmt.Errorf("synckey %q is not Key_Val|Key_Val", v)
		}
		out = append(out, SyncKeyItem{ki, vi})
	}
	return out, nil
}

// syncCheckAnswer writes synccheck's JavaScript answer (§4.1).
func syncCheckAnswer(w http.ResponseWriter, retcode, selector int) {
	w.Header().Set("Content-Type", "text/javascript")
	w.Header().Set("Cache-Control", "no-cache")
	_, _ = fmt.Fprintf(w, `window.synccheck={retcode:"%d",selector:"%d"}`, retcode, selector)
}

// serveSyncCheck answers the page's long poll on the push host. It is held
// up to SyncHold while nothing is new; selector 2 says the feed has messages
// past the client's synckey (or that the skey was rotated, so that the page
// syncs and learns it). A refusal is answered as a retcode, never JSON:
// the page reads window.synccheck (§9: 1100, 1101, 1102 log it out).
func serveSyncCheck(x *exchange) *refusal {
	refused := func(ref *refusal) *refusal {
		x.noteRefusal(ref)
		syncCheckAnswer(x.w, ref.ret, 0)
		return nil
	}
	if ref := x.auth(authOpts{}); ref != nil {
		return refused(ref)
	}
	q := x.r.URL.Query()
	ss := x.sess
	switch {
	case q.Get("sid") != ss.Sid:
		return refused(refuse(retInvalid, "sid in the query is not the session's"))
	case q.Get("uin") != strconv.FormatInt(ss.Uin, 10):
		return refused(refuse(retInvalid, "uin in the query is not the session's"))
	case q.Get("deviceid") == "":
		return refused(refuse(retParam, "deviceid missing"))
	}
	items, err := parseSyncCheckKey(q.Get("synckey"))
	if err != nil {
		return refused(refuse(retParam, err.Error()))
	}
	s := x.s
	skey := q.Get("skey")
	timer := time.NewTimer(s.cfg.SyncHold)
	defer timer.Stop()
	for {
		s.mu.Lock()
		cur := s.sess
		switch {
		case cur == nil || cur.Sid != ss.Sid:
			s.mu.Unlock()
			return refused(refuse(retInvalid, "the session ended (a new login) during the poll"))
		case cur.LoggedOut:
			s.mu.Unlock()
			return refused(refuse(retInvalid, "the session was logged out"))
		case !s.skeyAcceptedLocked(skey):
			s.mu.Unlock()
			return refused(refuse(retInvalid, "skey in the query is not the session's"))
		}
		pos, ref := s.feedPosLocked(items)
		if ref != nil {
			s.mu.Unlock()
			return refused(ref)
		}
		if pos < len(s.feed) || skey != cur.Skey {
			s.mu.Unlock()
			syncCheckAnswer(x.w, 0, 2)
			return nil
		}
		wake := s.changed
		s.heldPolls.Add(1)
		s.mu.Unlock()
		select {
		case <-wake:
			s.heldPolls.Add(-1)
		case <-timer.C:
			s.heldPolls.Add(-1)
			syncCheckAnswer(x.w, 0, 0)
			return nil
		case <-x.r.Context().Done():
			s.heldPolls.Add(-1)
			return nil
		}
	}
}

// HeldPolls is how many synccheck polls are held now, waiting for a
// change: a test waits for it before making the change, so that what it
// checks is the held poll's waking and not an answer given at once.
func (s *Server) HeldPolls() int { return int(s.heldPolls.Load()) }
