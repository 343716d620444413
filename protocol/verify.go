package protocol

import (
	"context"
	"errors"
	"strconv"
)

// Opcodes of webwxverifyuser (§3.6): the page's VERIFYUSER_OPCODE_*.
const (
	// OpcodeSendRequest asks someone to be a friend (the page's "add").
	OpcodeSendRequest = 2
	// OpcodeAccept accepts a friend request, with its ticket.
	OpcodeAccept = 3
)

// MsgFriendRequest is the MsgType of a friend request, whose
// RecommendInfo names who asks and the ticket (§3.6, §4.2).
const MsgFriendRequest = 37

// SceneWeb is the page's ADDSCENE_PF_WEB, the one scene it sends (§3.6).
const SceneWeb = 33

// FriendRequest is the request to accept: RecommendInfo.UserName and
// RecommendInfo.Ticket of the MsgType 37 message that brought it (§4.2).
type FriendRequest struct {
	UserName string
	Ticket   string
	// Content is VerifyContent; the page sends "" when it accepts.
	Content string
}

// VerifyResult is an accepted request: the server answers with its status
// only, and the new friend is a contact of this login under UserName.
type VerifyResult struct {
	UserName string
}

type verifyUser struct {
	Value            string `json:"Value"`
	VerifyUserTicket string `json:"VerifyUserTicket"`
}

// verifyBody is the page's flat body, fields in its order (§3.6).
type verifyBody struct {
	BaseRequest        BaseRequest  `json:"BaseRequest"`
	Opcode             int          `json:"Opcode"`
	VerifyUserListSize int          `json:"VerifyUserListSize"`
	VerifyUserList     []verifyUser `json:"VerifyUserList"`
	VerifyContent      string       `json:"VerifyContent"`
	SceneListCount     int          `json:"SceneListCount"`
	SceneList          []int        `json:"SceneList"`
	Skey               string       `json:"skey"`
}

type verifyResponse struct {
	BaseResponse `json:"BaseResponse"`
}

// ErrNoTicket: a friend request without the UserName or the ticket its
// message gave; nothing was sent.
var ErrNoTicket = errors.New("protocol: a friend request needs its UserName and ticket")

// VerifyUser accepts a friend request (webwxverifyuser, Opcode 3, §3.6):
// the new friend then is a contact of this login under the request's
// UserName.
func (c *Client) VerifyUser(ctx context.Context, r FriendRequest) (VerifyResult, error) {
	if r.UserName == "" || r.Ticket == "" {
		return VerifyResult{}, ErrNoTicket
	}
	cl := c.withTicket(c.newCall("webwxverifyuser", mainHost, queryParam{"r", strconv.FormatInt(c.ids.Now().UnixMilli(), 10)}))
	body := verifyBody{
		BaseRequest:        c.baseRequest(cl.sess),
		Opcode:             OpcodeAccept,
		VerifyUserListSize: 1,
		VerifyUserList:     []verifyUser{{Value: r.UserName, VerifyUserTicket: r.Ticket}},
		VerifyContent:      r.Content,
		SceneListCount:     1,
		SceneList:          []int{SceneWeb},
		Skey:               cl.sess.Skey,
	}
	var out verifyResponse
	if err := c.postJSON(ctx, cl, body, &out, ""); err != nil {
		return VerifyResult{}, err
	}
	return VerifyResult{UserName: r.UserName}, nil
}
