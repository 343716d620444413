// Package wxsim simulates the web WeChat server and its logged-in page, so
// that every test of wxdrop runs against something as strict as the real
// server (docs/protocol.md) without reaching wx.qq.com.
//
// One HTTPS listener serves every host of the host table; requests are told
// apart by their Host. A request the real server would refuse gets the Ret it
// would answer with, and its reason is recorded for the test to read
// (Server.Rejections). Everything accepted is recorded too (Server.Messages,
// Server.Requests, Server.Media), and faults can be injected per endpoint.
package wxsim
