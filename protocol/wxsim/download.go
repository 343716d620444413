package wxsim

import (
	"bytes"
	"encoding/xml"
	"hash/fnv"
	"image"
	"image/color"
	"image/png"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// findMsgMedia finds the media of a message by id; sent images, videos and
// emoticons count too (the page shows them through the same endpoints).
func (s *Server) findMsgMedia(id string) (*msgMedia, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if mm, ok := s.byMsg()[id]; ok {
		return mm, true
	}
	for _, m := range s.messages {
		if m.MsgID == id && m.MediaID != "" {
			if md, ok := s.media[m.MediaID]; ok {
				return &msgMedia{media: md, thumb: avatarPNG("thumb:" + id), msg: m}, true
			}
		}
	}
	return nil, false
}

// serveMsgMedia serves webwxgetmsgimg, webwxgetvoice and webwxgetvideo: the
// id parameter names the message, skey must be the session's, and the
// message must be of a kind the endpoint serves.
func serveMsgMedia(idParam string, types ...int) func(*exchange) *refusal {
	return func(x *exchange) *refusal {
		if ref := x.auth(authOpts{skeyInQuery: true}); ref != nil {
			return ref
		}
		q := x.r.URL.Query()
		id := q.Get(idParam)
		mm, ok := x.s.findMsgMedia(id)
		if !ok {
			return &refusal{status: http.StatusNotFound, reason: "no media for " + idParam + " " + id}
		}
		t := mm.msg.Type
		if !contains(types, t) {
			return &refusal{status: http.StatusNotFound, reason: x.endpoint + " does not serve a message of type " + strconv.Itoa(t)}
		}
		data, ctype := mm.media.Data, mm.media.MIME
		if ctype == "" {
			ctype = "application/octet-stream"
		}
		if x.endpoint == "webwxgetmsgimg" && q.Get("type") == "slave" {
			data, ctype = mm.thumb, "image/png"
		}
		x.w.Header().Set("Content-Type", ctype)
		http.ServeContent(x.w, x.r, "", time.Time{}, bytes.NewReader(data))
		return nil
	}
}

// serveGetMedia serves a file attachment on the file host with the page's
// link parameters (§7): sender, mediaid, encryfilename, fromuser (the uin),
// pass_ticket (or "undefined") and webwx_data_ticket (the cookie's).
func serveGetMedia(x *exchange) *refusal {
	if ref := x.auth(authOpts{}); ref != nil {
		return ref
	}
	q := x.r.URL.Query()
	switch {
	case q.Get("webwx_data_ticket") != x.sess.DataTicket:
		return refuse(retTicket, "webwx_data_ticket parameter is not the cookie's")
	case q.Get("fromuser") != strconv.FormatInt(x.sess.Uin, 10):
		return refuse(retParam, "fromuser is not the account's uin")
	case q.Get("mediaid") == "":
		return refuse(retParam, "mediaid missing")
	case !x.known(q.Get("sender")):
		return refuse(retParam, "sender is not a contact of this login")
	}
	md, ref := x.mediaOf(q.Get("mediaid"))
	if ref != nil {
		return &refusal{status: http.StatusNotFound, reason: ref.reason}
	}
	if e := q.Get("encryfilename"); e != "" && e != md.EncryFileName && e != md.Name {
		return refuse(retParam, "encryfilename is not the file's")
	}
	x.w.Header().Set("Content-Type", "application/octet-stream")
	x.w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": md.Name}))
	http.ServeContent(x.w, x.r, "", time.Time{}, bytes.NewReader(md.Data))
	return nil
}

// serveIcon serves a contact's avatar (webwxgeticon) or a group's
// (webwxgetheadimg): a PNG that is the same for the same person.
func serveIcon(group bool) func(*exchange) *refusal {
	return func(x *exchange) *refusal {
		if ref := x.auth(authOpts{skeyInQuery: true}); ref != nil {
			return ref
		}
		q := x.r.URL.Query()
		un := q.Get("username")
		if un == "" {
			un = q.Get("userName") // itchat's spelling (§7)
		}
		if seq := q.Get("seq"); seq != "" {
			if _, err := strconv.ParseInt(seq, 10, 64); err != nil {
				return refuse(retParam, "seq is not a number")
			}
		}
		key := x.s.KeyOf(un)
		if key == "" {
			return &refusal{status: http.StatusNotFound, reason: "no contact " + un}
		}
		if strings.HasPrefix(un, "@@") != group {
			return refuse(retParam, x.endpoint+" is for "+map[bool]string{true: "groups", false: "people"}[group])
		}
		x.w.Header().Set("Content-Type", "image/png")
		_, _ = x.w.Write(avatarPNG(key))
		return nil
	}
}

// AvatarPNG is the avatar the simulator serves for a person's Key.
func AvatarPNG(key string) []byte { return avatarPNG(key) }

func avatarPNG(key string) []byte {
	h := fnv.New32a()
	h.Write([]byte(key))
	v := h.Sum32()
	img := image.NewRGBA(image.Rect(0, 0, 32, 32))
	c := color.RGBA{uint8(v), uint8(v >> 8), uint8(v >> 16), 255}
	for y := 0; y < 32; y++ {
		for x := 0; x < 32; x++ {
			if (x/8+y/8)%2 == 0 {
				img.Set(x, y, c)
			} else {
				img.Set(x, y, color.White)
			}
		}
	}
	var b bytes.Buffer
	_ = png.Encode(&b, img)
	return b.Bytes()
}

func xmlEscape(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}
