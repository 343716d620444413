package wxsim

import (
	"net/url"
	"strconv"
)

// CheckURL is the link the web WeChat page shows for a link in a message:
// its webwxcheckurl wrapper, which carries the session's skey, deviceid,
// pass_ticket and user name (§1.4, [P ~L9292]). A click on it, or a
// right-click "Send to WeChat", sees this URL, not target.
func (ss Session) CheckURL(target string) string {
	return "https://" + ss.Host + "/cgi-bin/mmwebwx-bin/webwxcheckurl?requrl=" + url.QueryEscape(target) +
		"&skey=" + url.QueryEscape(ss.Skey) + "&deviceid=e784205590563506&pass_ticket=" + url.QueryEscape(ss.PassTicket) +
		"&opcode=2&scene=1&username=" + url.QueryEscape(ss.UserName)
}

// MediaURL is the URL the page puts in the <img>, <video> or <audio> of
// a received message, or in its file's link (§7), each carrying the
// session's keys as the page writes them: an image's thumbnail
// (webwxgetmsgimg, type=slave, skey encoded), a video (skey encoded), a
// voice message (skey as it is), a file (webwxgetmedia on the file host,
// with the uin, pass_ticket and data ticket); "" for another message.
func (ss Session) MediaURL(m Message) string {
	cgi := "https://" + ss.Host + "/cgi-bin/mmwebwx-bin/"
	switch m.Type {
	case MsgImage:
		return cgi + "webwxgetmsgimg?&MsgID=" + m.MsgID + "&skey=" + url.QueryEscape(ss.Skey) + "&type=slave"
	case MsgVideo:
		return cgi + "webwxgetvideo?msgid=" + m.MsgID + "&skey=" + url.QueryEscape(ss.Skey)
	case MsgVoice:
		return cgi + "webwxgetvoice?msgid=" + m.MsgID + "&skey=" + ss.Skey
	case MsgApp:
		return "https://file." + ss.Host + "/cgi-bin/mmwebwx-bin/webwxgetmedia?sender=" + url.QueryEscape(m.From) +
			"&mediaid=" + url.QueryEscape(m.MediaID) + "&encryfilename=" + url.QueryEscape(m.EncryFileName) +
			"&fromuser=" + strconv.FormatInt(ss.Uin, 10) + "&pass_ticket=" + url.QueryEscape(ss.PassTicket) +
			"&webwx_data_ticket=" + url.QueryEscape(ss.DataTicket)
	}
	return ""
}

// IconURL is a contact's avatar as the page shows it (§7).
func (ss Session) IconURL(userName string) string {
	return "https://" + ss.Host + "/cgi-bin/mmwebwx-bin/webwxgeticon?seq=1&username=" + userName + "&skey=" + ss.Skey
}
