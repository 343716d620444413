package protocol

import (
	"context"
	"errors"
	"strconv"
	"strings"
)

// Contact is a user, group or official account as webwxgetcontact,
// webwxbatchgetcontact and webwxinit give it (§3.4).
type Contact struct {
	Uin             int64     `json:"Uin"`
	UserName        string    `json:"UserName"`
	NickName        string    `json:"NickName"`
	RemarkName      string    `json:"RemarkName"`
	DisplayName     string    `json:"DisplayName"`
	PYInitial       string    `json:"PYInitial"`
	PYQuanPin       string    `json:"PYQuanPin"`
	RemarkPYInitial string    `json:"RemarkPYInitial"`
	RemarkPYQuanPin string    `json:"RemarkPYQuanPin"`
	HeadImgURL      string    `json:"HeadImgUrl"`
	ContactFlag     int       `json:"ContactFlag"`
	VerifyFlag      int       `json:"VerifyFlag"`
	Sex             int       `json:"Sex"`
	Signature       string    `json:"Signature"`
	Alias           string    `json:"Alias"`
	Province        string    `json:"Province"`
	City            string    `json:"City"`
	StarFriend      int       `json:"StarFriend"`
	AttrStatus      int64     `json:"AttrStatus"`
	Statues         int       `json:"Statues"`
	KeyWord         string    `json:"KeyWord"`
	MemberCount     int       `json:"MemberCount"`
	MemberList      []Contact `json:"MemberList,omitempty"`
	EncryChatRoomID string    `json:"EncryChatRoomId"`
	ChatRoomID      int64     `json:"ChatRoomId"`
	OwnerUin        int64     `json:"OwnerUin"`
	IsOwner         int       `json:"IsOwner"`
}

// ContactFlag and VerifyFlag bits (§3.4).
const (
	FlagContact     = 0x1
	FlagChatContact = 0x2
	FlagChatRoom    = 0x4
	FlagBlacklist   = 0x8
	FlagMuted       = 0x200
	FlagPinned      = 0x800

	VerifyBizBrand = 0x8
)

// IsGroup reports whether a UserName is a group: @@… or …@chatroom (§3.5).
func IsGroup(userName string) bool {
	return strings.HasPrefix(userName, "@@") || strings.HasSuffix(userName, "@chatroom")
}

// IsGroup reports whether the contact is a group.
func (c Contact) IsGroup() bool { return IsGroup(c.UserName) }

// IsOfficial reports whether the contact is an official account (VerifyFlag & 8).
func (c Contact) IsOfficial() bool { return c.VerifyFlag&VerifyBizBrand != 0 }

// specialAccount reports whether name is a plain-named system account (§3.5
// special-user list). A switch, not a map: a map would be built at every
// start of the service worker.
func specialAccount(name string) bool {
	switch name {
	case "weibo", "qqmail", "fmessage", "tmessage", "qmessage", "qqsync", "floatbottle", "lbsapp", "shakeapp",
		"medianote", "qqfriend", "readerapp", "newsapp", "blogapp", "facebookapp", "masssendapp", "meishiapp",
		"feedsapp", "voip", "blogappweixin", "weixin", "brandsessionholder", "weixinreminder",
		"wxid_novlwrv3lqwv11", "gh_22b87fa7cb3c", "officialaccounts", "notification_messages":
		return true
	}
	return false
}

// IsSpecial reports whether the contact is a system account (not filehelper,
// which people do send to).
func (c Contact) IsSpecial() bool {
	return specialAccount(c.UserName) || strings.HasSuffix(c.UserName, "@qqim")
}

type contactPage struct {
	BaseResponse `json:"BaseResponse"`
	MemberCount  int       `json:"MemberCount"`
	MemberList   []Contact `json:"MemberList"`
	Seq          int64     `json:"Seq"`
}

// maxContactPages bounds paging: the page stops after 17 pages (§3.2); a
// server that repeats a Seq is also stopped.
const maxContactPages = 17

// Contacts fetches the whole contact list with webwxgetcontact, following
// Seq from 0 until the server answers 0 (§3.2).
func (c *Client) Contacts(ctx context.Context) ([]Contact, error) {
	var all []Contact
	seen := map[int64]bool{}
	seq := int64(0)
	for page := 0; page < maxContactPages; page++ {
		s := c.Session()
		cl := c.newCall("webwxgetcontact", mainHost)
		if c.lang != "" {
			cl.query = append(cl.query, queryParam{"lang", c.lang})
		}
		if s.PassTicket != "" {
			cl.query = append(cl.query, queryParam{"pass_ticket", s.PassTicket})
		}
		cl.query = append(cl.query,
			queryParam{"r", strconv.FormatInt(c.ids.Now().UnixMilli(), 10)},
			queryParam{"seq", strconv.FormatInt(seq, 10)},
			queryParam{"skey", s.Skey})
		var out contactPage
		if err := c.getJSON(ctx, cl, &out); err != nil {
			return all, err
		}
		all = append(all, out.MemberList...)
		if out.Seq == 0 || seen[out.Seq] {
			return all, nil
		}
		seen[out.Seq] = true
		seq = out.Seq
	}
	return all, nil
}

// ContactRef names one contact for webwxbatchgetcontact: a group by its
// @@UserName, or a group member by UserName and the group's name (§3.3).
type ContactRef struct {
	UserName        string `json:"UserName"`
	EncryChatRoomID string `json:"EncryChatRoomId"`
}

type batchBody struct {
	BaseRequest BaseRequest  `json:"BaseRequest"`
	Count       int          `json:"Count"`
	List        []ContactRef `json:"List"`
}

type batchResponse struct {
	BaseResponse `json:"BaseResponse"`
	Count        int       `json:"Count"`
	ContactList  []Contact `json:"ContactList"`
}

// MaxBatchContacts is webwxbatchgetcontact's limit per call (§3.3).
const MaxBatchContacts = 50

// BatchContacts fetches details of up to any number of contacts or groups
// (groups come with their MemberList), 50 per request.
func (c *Client) BatchContacts(ctx context.Context, refs []ContactRef) ([]Contact, error) {
	if len(refs) == 0 {
		return nil, errors.New("protocol: batchgetcontact needs at least one contact")
	}
	var all []Contact
	for start := 0; start < len(refs); start += MaxBatchContacts {
		part := refs[start:min(start+MaxBatchContacts, len(refs))]
		cl := c.newCall("webwxbatchgetcontact", mainHost, queryParam{"type", "ex"}, queryParam{"r", strconv.FormatInt(c.ids.Now().UnixMilli(), 10)})
		c.withTicket(cl)
		var out batchResponse
		if err := c.postJSON(ctx, cl, batchBody{BaseRequest: c.baseRequest(cl.sess), Count: len(part), List: part}, &out, ""); err != nil {
			return all, err
		}
		all = append(all, out.ContactList...)
	}
	return all, nil
}
