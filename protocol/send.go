package protocol

import (
	"context"
	"errors"
	"strings"
)

// MsgType is Msg.Type of an outgoing message.
type MsgType int

// The message types wxdrop sends (§5).
const (
	TypeText     MsgType = 1
	TypeImage    MsgType = 3
	TypeFile     MsgType = 6 // AppMsgType attachment, sent as Msg.Type 6 (§5.5)
	TypeVideo    MsgType = 43
	TypeEmoticon MsgType = 47
)

// EmojiFlagGIF is EmojiFlag 2, EMOJI_FLAG_GIF (§5.2).
const EmojiFlagGIF = 2

// outMsg is the Msg object of every send, fields in the seed's order.
type outMsg struct {
	Type         MsgType `json:"Type"`
	EmojiFlag    int     `json:"EmojiFlag,omitempty"`
	EMoticonMd5  string  `json:"EMoticonMd5,omitempty"`
	Content      *string `json:"Content,omitempty"`
	MediaID      string  `json:"MediaId,omitempty"`
	Signature    string  `json:"Signature,omitempty"`
	FromUserName string  `json:"FromUserName"`
	ToUserName   string  `json:"ToUserName"`
	LocalID      string  `json:"LocalID"`
	ClientMsgID  string  `json:"ClientMsgId"`
}

type sendBody struct {
	BaseRequest BaseRequest `json:"BaseRequest"`
	Msg         outMsg      `json:"Msg"`
	Scene       int         `json:"Scene"`
}

// SendResult is the server's answer to a send.
type SendResult struct {
	// MsgID is the server's id of the message, needed to revoke it.
	MsgID string `json:"MsgID"`
	// LocalID echoes the ClientMsgId that was sent.
	LocalID string `json:"LocalID"`
}

type sendResponse struct {
	BaseResponse `json:"BaseResponse"`
	SendResult
}

// Text is an outgoing text message.
type Text struct {
	To          string
	Content     string
	ClientMsgID string // fixed per message; empty makes a new one
}

// Emoticon is an outgoing emoticon: one the server knows by MD5, or a GIF
// uploaded as doc whose MediaId is given (§5.2).
type Emoticon struct {
	To          string
	MD5         string
	MediaID     string
	ClientMsgID string
}

// Media is an outgoing image or video already uploaded.
type Media struct {
	To          string
	MediaID     string
	ClientMsgID string
}

// File is an outgoing file attachment already uploaded.
type File struct {
	To          string
	Attachment  Attachment
	ClientMsgID string
}

// SendText sends a text message (webwxsendmsg, Type 1, §5.1).
func (c *Client) SendText(ctx context.Context, m Text) (SendResult, error) {
	if m.Content == "" {
		return SendResult{}, errors.New("protocol: empty text message")
	}
	content := m.Content
	cl := c.withTicket(c.newCall("webwxsendmsg", mainHost))
	return c.send(ctx, cl, outMsg{Type: TypeText, Content: &content, ToUserName: m.To, ClientMsgID: m.ClientMsgID})
}

// SendEmoticon sends an emoticon (webwxsendemoticon?fun=sys, Type 47,
// EmojiFlag 2). With an MD5 the server's known emoticon is sent; with a
// MediaId an uploaded GIF is.
func (c *Client) SendEmoticon(ctx context.Context, m Emoticon) (SendResult, error) {
	if (m.MD5 == "") == (m.MediaID == "") {
		return SendResult{}, errors.New("protocol: an emoticon needs exactly one of MD5 and MediaId")
	}
	cl := c.withTicket(c.newCall("webwxsendemoticon", mainHost, queryParam{"fun", "sys"}))
	return c.send(ctx, cl, outMsg{Type: TypeEmoticon, EmojiFlag: EmojiFlagGIF, EMoticonMd5: strings.ToLower(m.MD5), MediaID: m.MediaID, ToUserName: m.To, ClientMsgID: m.ClientMsgID})
}

// SendImage sends an uploaded image (webwxsendmsgimg?fun=async&f=json, Type 3).
func (c *Client) SendImage(ctx context.Context, m Media) (SendResult, error) {
	if m.MediaID == "" {
		return SendResult{}, errors.New("protocol: an image needs its MediaId")
	}
	cl := c.withTicket(c.newCall("webwxsendmsgimg", mainHost, queryParam{"fun", "async"}, queryParam{"f", "json"}))
	return c.send(ctx, cl, outMsg{Type: TypeImage, MediaID: m.MediaID, ToUserName: m.To, ClientMsgID: m.ClientMsgID})
}

// SendVideo sends an uploaded mp4 (webwxsendvideomsg?fun=async&f=json, Type 43).
func (c *Client) SendVideo(ctx context.Context, m Media) (SendResult, error) {
	if m.MediaID == "" {
		return SendResult{}, errors.New("protocol: a video needs its MediaId")
	}
	cl := c.withTicket(c.newCall("webwxsendvideomsg", mainHost, queryParam{"fun", "async"}, queryParam{"f", "json"}))
	return c.send(ctx, cl, outMsg{Type: TypeVideo, MediaID: m.MediaID, ToUserName: m.To, ClientMsgID: m.ClientMsgID})
}

// SendFile sends an uploaded file as an appmsg (webwxsendappmsg?fun=async&f=json,
// Type 6), carrying the checkupload Signature when there is one (§5.5).
func (c *Client) SendFile(ctx context.Context, m File) (SendResult, error) {
	x, err := AppMsgXML(m.Attachment)
	if err != nil {
		return SendResult{}, err
	}
	cl := c.withTicket(c.newCall("webwxsendappmsg", mainHost, queryParam{"fun", "async"}, queryParam{"f", "json"}))
	return c.send(ctx, cl, outMsg{Type: TypeFile, Content: &x, Signature: m.Attachment.Signature, ToUserName: m.To, ClientMsgID: m.ClientMsgID})
}

// send posts one message. The ClientMsgId is made here only when the caller
// gave none; LocalID always equals it (§12).
func (c *Client) send(ctx context.Context, cl *call, m outMsg) (SendResult, error) {
	if m.ToUserName == "" {
		return SendResult{}, errors.New("protocol: a message needs a recipient")
	}
	if m.ClientMsgID == "" {
		m.ClientMsgID = c.ids.ClientMsgID()
	}
	m.LocalID = m.ClientMsgID
	m.FromUserName = cl.sess.UserName
	if m.FromUserName == "" {
		return SendResult{}, errors.New("protocol: the session does not know the account's own UserName")
	}
	body := sendBody{BaseRequest: c.baseRequest(cl.sess), Msg: m}
	var out sendResponse
	if err := c.postJSON(ctx, cl, body, &out, m.ClientMsgID); err != nil {
		return SendResult{LocalID: m.ClientMsgID}, err
	}
	if out.MsgID == "" {
		return SendResult{LocalID: m.ClientMsgID}, &UncertainError{Endpoint: cl.endpoint, ClientMsgID: m.ClientMsgID, Err: &DecodeError{Endpoint: cl.endpoint, Kind: "no MsgID"}}
	}
	if out.LocalID == "" {
		out.LocalID = m.ClientMsgID
	}
	return out.SendResult, nil
}

// Revoke is a request to take back a sent message (§5.6).
type Revoke struct {
	To          string
	SvrMsgID    string // SendResult.MsgID
	ClientMsgID string // the original LocalID
}

// RevokeResult is the server's wording after a revoke.
type RevokeResult struct {
	Introduction string `json:"Introduction"`
	SysWording   string `json:"SysWording"`
}

type revokeBody struct {
	BaseRequest BaseRequest `json:"BaseRequest"`
	SvrMsgID    string      `json:"SvrMsgId"`
	ToUserName  string      `json:"ToUserName"`
	ClientMsgID string      `json:"ClientMsgId"`
}

type revokeResponse struct {
	BaseResponse `json:"BaseResponse"`
	RevokeResult
}

// Revoke takes back a sent message (webwxrevokemsg). The server refuses
// after two minutes with Ret -1 (ErrSystem).
func (c *Client) Revoke(ctx context.Context, r Revoke) (RevokeResult, error) {
	if r.SvrMsgID == "" || r.To == "" || r.ClientMsgID == "" {
		return RevokeResult{}, errors.New("protocol: revoke needs the recipient, the server MsgID and the ClientMsgId")
	}
	cl := c.withTicket(c.newCall("webwxrevokemsg", mainHost))
	var out revokeResponse
	err := c.postJSON(ctx, cl, revokeBody{BaseRequest: c.baseRequest(cl.sess), SvrMsgID: r.SvrMsgID, ToUserName: r.To, ClientMsgID: r.ClientMsgID}, &out, "")
	return out.RevokeResult, err
}

// SendUploaded sends an uploaded file as its kind: an image, a video, an
// emoticon (a GIF by its MediaId) or a file appmsg with the checkupload
// Signature.
func (c *Client) SendUploaded(ctx context.Context, to string, up UploadResult, clientMsgID string) (SendResult, error) {
	switch up.Kind {
	case KindImage:
		return c.SendImage(ctx, Media{To: to, MediaID: up.MediaID, ClientMsgID: clientMsgID})
	case KindVideo:
		return c.SendVideo(ctx, Media{To: to, MediaID: up.MediaID, ClientMsgID: clientMsgID})
	case KindEmoticon:
		return c.SendEmoticon(ctx, Emoticon{To: to, MediaID: up.MediaID, ClientMsgID: clientMsgID})
	}
	return c.SendFile(ctx, File{To: to, ClientMsgID: clientMsgID, Attachment: Attachment{Title: up.Name, Size: up.Size, MediaID: up.MediaID, Signature: up.Signature}})
}

// SendFileData uploads a file and sends it as the kind its name calls for.
// A caller that may retry should keep the UploadResult (and the ClientMsgId)
// and call SendUploaded, so that a failed send does not upload again.
func (c *Client) SendFileData(ctx context.Context, u Upload, clientMsgID string) (SendResult, UploadResult, error) {
	up, err := c.Upload(ctx, u)
	if err != nil {
		return SendResult{}, up, err
	}
	r, err := c.SendUploaded(ctx, u.To, up, clientMsgID)
	return r, up, err
}
