package wxsim

import "net/http"

// routes lists every endpoint the simulator serves, with its host and method.
func (s *Server) routes() map[string]handler {
	post, get := http.MethodPost, http.MethodGet
	r := map[string]handler{
		"webwxsendmsg":         {onMain, post, serveSend([]int{1}, checkText)},
		"webwxsendemoticon":    {onMain, post, serveSend([]int{47}, checkEmoticon)},
		"webwxsendmsgimg":      {onMain, post, serveSend([]int{3}, checkMediaOf("pic"))},
		"webwxsendvideomsg":    {onMain, post, serveSend([]int{43, 62}, checkMediaOf("video"))},
		"webwxsendappmsg":      {onMain, post, serveSend([]int{6}, checkAppMsg)},
		"webwxrevokemsg":       {onMain, post, serveRevoke},
		"webwxcheckupload":     {onMain, post, serveCheckUpload},
		"webwxuploadmedia":     {onFile, post, serveUpload},
		"webwxgetcontact":      {onMain, get, serveGetContact},
		"webwxbatchgetcontact": {onMain, post, serveBatchGetContact},
		"webwxgetmsgimg":       {onMain, get, serveMsgMedia("MsgID", MsgImage, MsgEmoticon, 3, 47)},
		"webwxgetvoice":        {onMain, get, serveMsgMedia("msgid", MsgVoice)},
		"webwxgetvideo":        {onMain, get, serveMsgMedia("msgid", MsgVideo, 62)},
		"webwxgetmedia":        {onFile, get, serveGetMedia},
		"webwxgeticon":         {onMain, get, serveIcon(false)},
		"webwxgetheadimg":      {onMain, get, serveIcon(true)},
		"webwxstatreport":      {onMain, post, serveStatReport},
		"webwxverifyuser":      {onMain, post, serveVerifyUser},
	}
	s.pageRoutes(r)
	return r
}
