package wxsim

import (
	"fmt"
	"html"
	"slices"
	"strconv"
	"time"
)

// Friend requests (§3.6, §4.2): one arrives as a MsgType 37 message from
// fmessage whose RecommendInfo names the person by a UserName of this login
// and carries a ticket; webwxverifyuser with Opcode 3 and that ticket makes
// the person a contact, whom webwxgetcontact then lists.

// MsgFriendRequest is MsgType 37, a friend request ("verify msg", §4.2).
const MsgFriendRequest = 37

// RecommendInfo is a friend request's RecommendInfo as webwxsync gives it
// (§4.2), the same fields as the wire's.
type RecommendInfo struct {
	UserName   string
	NickName   string
	QQNum      int64
	Province   string
	City       string
	Content    string
	Signature  string
	Alias      string
	Scene      int
	VerifyFlag int
	AttrStatus int64
	Sex        int
	Ticket     string
	OpCode     int
}

// Verification is one webwxverifyuser the server took.
type Verification struct {
	Time     time.Time
	Key      string // the new friend's Person.Key
	UserName string
	Ticket   string
	Content  string // VerifyContent
}

// pendingFriend is a request waiting for its ticket.
type pendingFriend struct {
	person   Person
	userName string
}

type friendState struct {
	pending  map[string]*pendingFriend // by ticket
	verified []Verification
}

// FriendRequest is a friend request to make arrive.
type FriendRequest struct {
	// Person is who asks (not yet a contact); Key must be new.
	Person Person
	// Content is their message ("我是…").
	Content string
	// Scene is how they found the account (default 30, a QR code).
	Scene int
}

// Unfriend takes a person out of the account's contacts, as deleting a
// friend on the phone does: the next login's lists leave them out.
func (s *Server) Unfriend(key string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.setPeople(slices.DeleteFunc(slices.Clone(s.people), func(p Person) bool { return p.Key == key }))
	delete(s.keys, s.names[key])
	delete(s.names, key)
}

// DeliverFriendRequest makes a friend request arrive as MsgType 37 from
// fmessage in the feed the page's webwxsync reads. It returns the message
// (its Recommend has the UserName and ticket).
func (s *Server) DeliverFriendRequest(fr FriendRequest) (Message, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.sess == nil {
		return Message{}, fmt.Errorf("wxsim: nobody is logged in")
	}
	p := fr.Person
	if p.Key == "" || p.NickName == "" || p.Group {
		return Message{}, fmt.Errorf("wxsim: a friend request needs a person with a Key and a NickName")
	}
	if _, ok := s.byKey[p.Key]; ok {
		return Message{}, fmt.Errorf("wxsim: %q is already a contact", p.Key)
	}
	if fr.Scene == 0 {
		fr.Scene = 30
	}
	userName := "@" + randomHex(32)
	ticket := "v2_" + randomHex(40) + "@stranger"
	if s.friends.pending == nil {
		s.friends.pending = map[string]*pendingFriend{}
	}
	s.friends.pending[ticket] = &pendingFriend{person: p, userName: userName}
	ri := &RecommendInfo{
		UserName: userName, NickName: p.NickName, Province: p.Province, City: p.City, Content: fr.Content,
		Signature: p.Signature, Alias: p.Alias, Scene: fr.Scene, Sex: p.Sex, Ticket: ticket, OpCode: 2,
	}
	s.nextMsgID += 7919
	m := Message{
		MsgID: strconv.FormatUint(s.nextMsgID, 10), Type: MsgFriendRequest, From: "fmessage", To: s.sess.UserName,
		Content: requestContent(ri), Time: s.cfg.Now(), Incoming: true, Recommend: ri,
	}
	s.feed = append(s.feed, m)
	s.wakeLocked()
	return m, nil
}

// requestContent is the message's Content: the request as XML, escaped
// as webwxsync escapes content (the page reads RecommendInfo instead).
func requestContent(ri *RecommendInfo) string {
	a := html.EscapeString
	x := fmt.Sprintf(`<msg fromusername="%s" encryptusername="%s" fromnickname="%s" content="%s" scene="%d" province="%s" city="%s" sign="%s" sex="%d" alias="%s" ticket="%s" opcode="2"></msg>`,
		a(ri.UserName), a(ri.UserName), a(ri.NickName), a(ri.Content), ri.Scene, a(ri.Province), a(ri.City), a(ri.Signature), ri.Sex, a(ri.Alias), a(ri.Ticket))
	return html.EscapeString(x)
}

// Verifications returns every friend request the server accepted.
func (s *Server) Verifications() []Verification {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Verification(nil), s.friends.verified...)
}

// verifyReq is webwxverifyuser's body as the server reads it: every field
// optional so that a missing one is told from an empty one.
type verifyReq struct {
	BaseRequest        *wireBase `json:"BaseRequest"`
	Opcode             *int      `json:"Opcode"`
	VerifyUserListSize *int      `json:"VerifyUserListSize"`
	VerifyUserList     []struct {
		Value            string `json:"Value"`
		VerifyUserTicket string `json:"VerifyUserTicket"`
	} `json:"VerifyUserList"`
	VerifyContent  *string `json:"VerifyContent"`
	SceneListCount *int    `json:"SceneListCount"`
	SceneList      []int   `json:"SceneList"`
	Skey           *string `json:"skey"`
}

// serveVerifyUser accepts a friend request (§3.6): the page's flat body,
// Opcode 3, one user with the ticket its request came with, scene 33, and
// the skey beside BaseRequest. What a real server answers to a wrong
// ticket or Opcode is not known; wxsim answers Ret 1, its parameter error.
func serveVerifyUser(x *exchange) *refusal {
	if ref := x.auth(authOpts{}); ref != nil {
		return ref
	}
	if x.r.URL.Query().Get("r") == "" {
		return refuse(retParam, "r missing")
	}
	var req verifyReq
	if ref := x.decodeRequest(&req, &req.BaseRequest, authOpts{}); ref != nil {
		return ref
	}
	switch {
	case req.Opcode == nil:
		return refuse(retParam, "Opcode missing")
	case *req.Opcode == 2:
		return refuse(retParam, "Opcode 2 (asking someone to be a friend) is not simulated")
	case *req.Opcode != 3:
		return refuse(retParam, fmt.Sprintf("Opcode %d, accepting a request is 3", *req.Opcode))
	case req.VerifyUserListSize == nil || *req.VerifyUserListSize != len(req.VerifyUserList):
		return refuse(retParam, "VerifyUserListSize is not the length of VerifyUserList")
	case len(req.VerifyUserList) != 1:
		return refuse(retParam, fmt.Sprintf("VerifyUserList has %d users, the page sends one", len(req.VerifyUserList)))
	case req.VerifyContent == nil:
		return refuse(retParam, "VerifyContent missing")
	case req.SceneListCount == nil || *req.SceneListCount != len(req.SceneList):
		return refuse(retParam, "SceneListCount is not the length of SceneList")
	case len(req.SceneList) != 1 || req.SceneList[0] != 33:
		return refuse(retParam, fmt.Sprintf("SceneList %v, the page sends [33]", req.SceneList))
	case req.Skey == nil:
		return refuse(retParam, "skey missing beside BaseRequest")
	case *req.Skey != x.sess.Skey:
		return refuse(retInvalid, "skey beside BaseRequest is not the session's")
	}
	u := req.VerifyUserList[0]
	if u.Value == "" || u.VerifyUserTicket == "" {
		return refuse(retParam, "VerifyUserList[0] needs Value and VerifyUserTicket")
	}
	s := x.s
	s.mu.Lock()
	defer s.mu.Unlock()
	pf, ok := s.friends.pending[u.VerifyUserTicket]
	switch {
	case !ok:
		return refuse(retParam, "no friend request with that ticket (unknown, or accepted already)")
	case pf.userName != u.Value:
		return refuse(retParam, "Value is not the UserName of the request's ticket")
	case s.sess == nil || s.sess.Sid != x.sess.Sid:
		return refuse(retInvalid, "the session changed during the request")
	}
	delete(s.friends.pending, u.VerifyUserTicket)
	p := pf.person
	p.ContactFlag = 3
	s.people = append(s.people, p)
	s.setPeople(s.people)
	s.names[p.Key], s.keys[pf.userName] = pf.userName, p.Key
	s.friends.verified = append(s.friends.verified, Verification{Time: s.cfg.Now(), Key: p.Key, UserName: pf.userName, Ticket: u.VerifyUserTicket, Content: *req.VerifyContent})
	s.wakeLocked()
	writeJSON(x.w, baseResp{})
	return nil
}
