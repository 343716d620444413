package wxsim

import (
	"fmt"
	"strconv"
	"strings"
)

// wireContact is a contact as webwxgetcontact and webwxbatchgetcontact
// answer it (§3.4).
type wireContact struct {
	Uin              int64         `json:"Uin"`
	UserName         string        `json:"UserName"`
	NickName         string        `json:"NickName"`
	HeadImgURL       string        `json:"HeadImgUrl"`
	ContactFlag      int           `json:"ContactFlag"`
	MemberCount      int           `json:"MemberCount"`
	MemberList       []wireContact `json:"MemberList"`
	RemarkName       string        `json:"RemarkName"`
	HideInputBarFlag int           `json:"HideInputBarFlag"`
	Sex              int           `json:"Sex"`
	Signature        string        `json:"Signature"`
	VerifyFlag       int           `json:"VerifyFlag"`
	OwnerUin         int64         `json:"OwnerUin"`
	PYInitial        string        `json:"PYInitial"`
	PYQuanPin        string        `json:"PYQuanPin"`
	RemarkPYInitial  string        `json:"RemarkPYInitial"`
	RemarkPYQuanPin  string        `json:"RemarkPYQuanPin"`
	StarFriend       int           `json:"StarFriend"`
	AppAccountFlag   int           `json:"AppAccountFlag"`
	Statues          int           `json:"Statues"`
	AttrStatus       int64         `json:"AttrStatus"`
	Province         string        `json:"Province"`
	City             string        `json:"City"`
	Alias            string        `json:"Alias"`
	SnsFlag          int           `json:"SnsFlag"`
	UniFriend        int           `json:"UniFriend"`
	DisplayName      string        `json:"DisplayName"`
	ChatRoomID       int64         `json:"ChatRoomId"`
	KeyWord          string        `json:"KeyWord"`
	EncryChatRoomID  string        `json:"EncryChatRoomId"`
	IsOwner          int           `json:"IsOwner"`
}

// wireContactLocked renders a person with this login's names; withMembers
// adds a group's MemberList (batchgetcontact does, getcontact does not).
func (s *Server) wireContactLocked(p *Person, withMembers bool) wireContact {
	un := s.names[p.Key]
	ep := "webwxgeticon"
	if p.Group {
		ep = "webwxgetheadimg"
	}
	c := wireContact{
		UserName: un, NickName: p.NickName, RemarkName: p.RemarkName,
		PYInitial: p.PYInitial, PYQuanPin: p.PYQuanPin, RemarkPYInitial: p.RemarkPYInitial, RemarkPYQuanPin: p.RemarkPYQuanPin,
		ContactFlag: p.ContactFlag, VerifyFlag: p.VerifyFlag, Sex: p.Sex, Signature: p.Signature, Alias: p.Alias, Province: p.Province, City: p.City,
		HeadImgURL: fmt.Sprintf("/cgi-bin/mmwebwx-bin/%s?seq=%d&username=%s&skey=%s", ep, seqOf(p.Key), un, s.sess.Skey),
	}
	if p.VerifyFlag&8 != 0 {
		c.KeyWord = "gh_"
	}
	if p.Group {
		c.MemberCount = len(p.Members)
		if withMembers {
			c.EncryChatRoomID = "@" + randomHex(16)
			for _, k := range p.Members {
				if m, ok := s.byKey[k]; ok {
					c.MemberList = append(c.MemberList, wireContact{UserName: s.names[k], NickName: m.NickName, PYQuanPin: m.PYQuanPin})
				}
			}
		}
	}
	return c
}

// seqOf is a stable avatar seq per person.
func seqOf(key string) int64 {
	var h int64 = 620594322
	for _, c := range key {
		h = (h*31 + int64(c)) % 1000000000
	}
	return h
}

// serveGetContact pages the contact list by Seq (§3.2): each page holds
// ContactPageSize contacts; Seq is where the next page starts, 0 at the end.
func serveGetContact(x *exchange) *refusal {
	if ref := x.auth(authOpts{skeyInQuery: true}); ref != nil {
		return ref
	}
	q := x.r.URL.Query()
	seq, err := strconv.Atoi(q.Get("seq"))
	if err != nil || seq < 0 {
		return refuse(retParam, "seq is not a number")
	}
	if q.Get("r") == "" {
		return refuse(retParam, "r missing")
	}
	s := x.s
	s.mu.Lock()
	defer s.mu.Unlock()
	if seq > len(s.people) {
		return refuse(retParam, "seq past the end of the list")
	}
	end := min(seq+s.cfg.ContactPageSize, len(s.people))
	out := struct {
		BaseResponse BaseResponse  `json:"BaseResponse"`
		MemberCount  int           `json:"MemberCount"`
		MemberList   []wireContact `json:"MemberList"`
		Seq          int           `json:"Seq"`
	}{MemberList: []wireContact{}}
	for i := seq; i < end; i++ {
		if s.people[i].Unsaved {
			continue
		}
		out.MemberList = append(out.MemberList, s.wireContactLocked(&s.people[i], false))
	}
	out.MemberCount = len(out.MemberList)
	if end < len(s.people) {
		out.Seq = end
	}
	writeJSON(x.w, out)
	return nil
}

type batchReq struct {
	BaseRequest *wireBase `json:"BaseRequest"`
	Count       *int      `json:"Count"`
	List        []struct {
		UserName        string `json:"UserName"`
		EncryChatRoomID string `json:"EncryChatRoomId"`
	} `json:"List"`
}

// serveBatchGetContact answers up to 50 contacts, groups with their members
// (§3.3). Names that are not this login's are left out.
func serveBatchGetContact(x *exchange) *refusal {
	if ref := x.auth(authOpts{}); ref != nil {
		return ref
	}
	if x.r.URL.Query().Get("type") != "ex" {
		return refuse(retParam, "webwxbatchgetcontact wants type=ex")
	}
	var req batchReq
	if ref := x.decodeRequest(&req, &req.BaseRequest, authOpts{}); ref != nil {
		return ref
	}
	switch {
	case req.Count == nil || *req.Count != len(req.List):
		return refuse(retParam, "Count is not the length of List")
	case len(req.List) == 0 || len(req.List) > 50:
		return refuse(retParam, fmt.Sprintf("List has %d entries, 1 to 50 allowed", len(req.List)))
	}
	s := x.s
	s.mu.Lock()
	defer s.mu.Unlock()
	out := struct {
		BaseResponse BaseResponse  `json:"BaseResponse"`
		Count        int           `json:"Count"`
		ContactList  []wireContact `json:"ContactList"`
	}{ContactList: []wireContact{}}
	for _, it := range req.List {
		k, ok := s.keys[it.UserName]
		if !ok || k == selfKey {
			continue
		}
		c := s.wireContactLocked(s.byKey[k], true)
		if !strings.HasPrefix(it.UserName, "@@") {
			c.EncryChatRoomID = it.EncryChatRoomID
		}
		out.ContactList = append(out.ContactList, c)
	}
	out.Count = len(out.ContactList)
	writeJSON(x.w, out)
	return nil
}
