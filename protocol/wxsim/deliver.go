package wxsim

import (
	"crypto/md5"
	"encoding/hex"
	"fmt"
	"net/url"
	"strconv"
)

// Incoming message types (MsgType, §4.2).
const (
	MsgText     = 1
	MsgImage    = 3
	MsgVoice    = 34
	MsgVideo    = 43
	MsgEmoticon = 47
	MsgApp      = 49
)

// Incoming is a message to make arrive for the account.
type Incoming struct {
	// From is the sender's Key; in a group, the member's Key.
	From string
	// Group is the group's Key when the message is said in a group.
	Group string
	Type  int
	Text  string
	// FileName and Data are the media of an image, voice, video, emoticon
	// or file (Type 49, an attachment appmsg).
	FileName string
	Data     []byte
	// Thumb is what webwxgetmsgimg?type=slave serves; default a small PNG.
	Thumb []byte
	// VoiceLength in ms, PlayLength in s.
	VoiceLength, PlayLength int
}

// msgMedia is the media behind a message id, for the download endpoints.
type msgMedia struct {
	media *Media
	thumb []byte
	msg   Message
}

// Deliver makes a message arrive for the account: it goes into the feed the
// page's webwxsync reads, and its media can be downloaded.
func (s *Server) Deliver(in Incoming) (Message, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.sess == nil {
		return Message{}, fmt.Errorf("wxsim: nobody is logged in")
	}
	fromKey := in.From
	if in.Group != "" {
		fromKey = in.Group
	}
	from, ok := s.names[fromKey]
	if !ok {
		return Message{}, fmt.Errorf("wxsim: no contact %q", fromKey)
	}
	if in.Group != "" {
		if _, ok := s.names[in.From]; !ok {
			return Message{}, fmt.Errorf("wxsim: no contact %q", in.From)
		}
	}
	s.nextMsgID += 7919
	m := Message{
		MsgID: strconv.FormatUint(s.nextMsgID, 10), Type: in.Type, From: from, To: s.sess.UserName,
		FromKey: fromKey, Content: in.Text, Time: s.cfg.Now(), Incoming: true,
		VoiceLength: in.VoiceLength, PlayLength: in.PlayLength,
	}
	groupPrefix := ""
	if in.Group != "" {
		// In groups the content starts with the member's name, whatever
		// the message is (§4.2).
		groupPrefix = s.names[in.From] + ":<br/>"
		m.Content = groupPrefix + in.Text
	}
	switch in.Type {
	case MsgText:
		if in.Text == "" {
			return Message{}, fmt.Errorf("wxsim: a text message needs Text")
		}
	case MsgImage, MsgVoice, MsgVideo, MsgEmoticon, MsgApp:
		if len(in.Data) == 0 {
			return Message{}, fmt.Errorf("wxsim: type %d needs Data", in.Type)
		}
		sum := md5.Sum(in.Data)
		name := in.FileName
		if name == "" {
			name = map[int]string{MsgImage: "image.jpg", MsgVoice: "voice.mp3", MsgVideo: "video.mp4", MsgEmoticon: "emoticon.gif", MsgApp: "file.bin"}[in.Type]
		}
		md := &Media{ID: "@crypt_" + randomHex(4) + "_" + randomHex(48), Name: name, Size: int64(len(in.Data)), MD5: hex.EncodeToString(sum[:]),
			Data: in.Data, EncryFileName: url.QueryEscape(name), MIME: mimeOf(in.Type, name)}
		s.media[md.ID] = md
		m.MediaID, m.FileName, m.FileSize, m.MD5, m.EncryFileName = md.ID, name, md.Size, md.MD5, md.EncryFileName
		if in.Type == MsgApp {
			m.AppMsgType = 6
			m.Content = fmt.Sprintf("%s<msg><appmsg appid=\"\" sdkver=\"0\"><title>%s</title><des></des><type>6</type><appattach><totallen>%d</totallen><attachid>%s</attachid><fileext>%s</fileext></appattach></appmsg></msg>",
				groupPrefix, xmlEscape(name), md.Size, md.ID, xmlEscape(extOf(name)))
		}
		thumb := in.Thumb
		if thumb == nil && (in.Type == MsgImage || in.Type == MsgVideo || in.Type == MsgEmoticon) {
			thumb = avatarPNG("thumb:" + m.MsgID)
		}
		s.byMsg()[m.MsgID] = &msgMedia{media: md, thumb: thumb, msg: m}
	default:
		return Message{}, fmt.Errorf("wxsim: cannot deliver type %d", in.Type)
	}
	s.feed = append(s.feed, m)
	s.wakeLocked()
	return m, nil
}

// byMsg is the media of messages by MsgID.
func (s *Server) byMsg() map[string]*msgMedia {
	if s.page.msgMedia == nil {
		s.page.msgMedia = map[string]*msgMedia{}
	}
	return s.page.msgMedia
}

func mimeOf(t int, name string) string {
	switch t {
	case MsgImage:
		return "image/jpeg"
	case MsgVoice:
		return "audio/mpeg"
	case MsgVideo:
		return "video/mp4"
	case MsgEmoticon:
		return "image/gif"
	}
	return "application/octet-stream"
}

func extOf(name string) string {
	for i := len(name) - 1; i >= 0 && name[i] != '/'; i-- {
		if name[i] == '.' {
			return name[i+1:]
		}
	}
	return "undefined"
}
