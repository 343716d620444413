package wxsim

import "encoding/json"

// serveStatReport accepts the page's statistics (§8): BaseRequest without
// Skey. The answer is ignored by every client.
func serveStatReport(x *exchange) *refusal {
	if ref := x.auth(authOpts{}); ref != nil {
		return ref
	}
	var req struct {
		BaseRequest *struct {
			Uin      json.RawMessage `json:"Uin"`
			Sid      *string         `json:"Sid"`
			DeviceID *string         `json:"DeviceID"`
		} `json:"BaseRequest"`
		Count *int            `json:"Count"`
		List  json.RawMessage `json:"List"`
	}
	if ref := x.decodeBody(&req); ref != nil {
		return ref
	}
	if req.BaseRequest == nil || req.BaseRequest.Sid == nil || *req.BaseRequest.Sid != x.sess.Sid {
		return refuse(retNoSession, "BaseRequest.Sid missing or not the session's")
	}
	writeJSON(x.w, baseResp{})
	return nil
}
