/**
 * The README's example operations (the list query is in docs/api.md). GraphiQL opens with them, and a
 * test runs them against the sandbox and checks that the docs quote them verbatim.
 */

export const EXAMPLE_SYNC_MUTATION = `mutation SyncLeaveRequest {
  syncExternalInstance(input: {
    approvalCode: "81D31358-93AF-92D6-7425-01A5D67C4E71"
    instanceId: "leave-24492654"
    status: PENDING
    title: { zhCN: "请假申请", enUS: "Leave request" }
    links: { pcLink: "https://oa.example.com/leave/24492654", mobileLink: "https://m.oa.example.com/leave/24492654" }
    userId: "a987sf9s"
    userName: { zhCN: "张三", enUS: "Zhang San" }
    form: [
      { name: { zhCN: "请假天数", enUS: "Days" }, value: { zhCN: "3 天", enUS: "3 days" } }
    ]
    startTime: "2026-11-20T09:00:00+08:00"
    updateTime: "2026-11-20T09:00:00+08:00"
    extra: { business_key: "LEAVE-2026-0042" }
    taskList: [{
      taskId: "task-1"
      userId: "b123dd45"
      title: { zhCN: "直属上级审批", enUS: "Manager approval" }
      links: { pcLink: "https://oa.example.com/leave/24492654/task-1" }
      status: PENDING
      createTime: "2026-11-20T09:00:00+08:00"
      updateTime: "2026-11-20T09:00:00+08:00"
      actionConfigs: [{ actionType: "APPROVE" }, { actionType: "REJECT" }]
    }]
    ccList: [{
      ccId: "cc-1"
      userId: "c567ef89"
      title: { zhCN: "抄送人事", enUS: "Copy to HR" }
      links: { pcLink: "https://oa.example.com/leave/24492654/cc-1" }
      readStatus: UNREAD
      createTime: "2026-11-20T09:00:00+08:00"
      updateTime: "2026-11-20T09:00:00+08:00"
    }]
  }) {
    __typename
    ... on SyncExternalInstancePayload {
      applied
      instance { instanceId status title(locale: EN_US) updateTime }
    }
    ... on Error { code message }
  }
}`;

export const EXAMPLE_QUERY = `query ReadLeaveRequest {
  externalInstance(approvalCode: "81D31358-93AF-92D6-7425-01A5D67C4E71", instanceId: "leave-24492654") {
    instanceId
    status
    titleEn: title(locale: EN_US)
    titleZh: title(locale: ZH_CN)
    userName
    form { name value }
    extra
    taskList { taskId status title actionConfigs { actionType } }
    ccList { ccId readStatus title }
  }
}`;

export const EXAMPLE_CREATE_MUTATION = `mutation CreateLeaveRequest {
  createInstance(input: {
    approvalCode: "7C468A54-8745-2245-9675-08B7C63E7A85"
    userId: "f7cb567e"
    uuid: "0F4C1E7A-2B8D-4C35-9E61-7A2D5B3C9F10"
    title: { zhCN: "年假申请", enUS: "Annual leave" }
    form: [
      { radioV2: { id: "leave_type", value: "annual" } }
      { dateInterval: { id: "period", value: { start: "2026-12-01T09:00:00+08:00", end: "2026-12-03T18:00:00+08:00", interval: 3 } } }
      { textarea: { id: "reason", localizedValue: { zhCN: "家庭旅行", enUS: "Family trip" } } }
    ]
    nodeApproverUserIdList: [{ key: "46e6d96cfa756980907209209ec03b64", value: ["b123dd45"] }]
    cancelBotNotification: [CANCELED]
  }) {
    __typename
    ... on CreateInstancePayload {
      replayed
      instance { instanceCode uuid intentState title(locale: EN_US) }
    }
    ... on Error { code message }
  }
}`;

export const EXAMPLE_LIST_QUERY = `query ListLeaveRequests {
  externalInstances(
    filter: { approvalCodes: ["81D31358-93AF-92D6-7425-01A5D67C4E71"], statuses: [PENDING], search: "leave" }
    orderBy: { field: UPDATE_TIME, direction: DESC }
    first: 20
  ) {
    totalCount
    edges { cursor node { id instanceId title updateTime } }
    pageInfo { hasNextPage endCursor }
  }
}`;

export const EXAMPLE_CENTER_QUERY = `query ApprovalCenter {
  approvalCenter(user: { userId: "b123dd45" }) {
    pendingTasks(first: 10) {
      totalCount
      edges { node { ... on ExternalTask { taskId title status instance { instanceId title userName } } ... on ApprovalTask { taskId nodeId instance { instanceCode uuid } } } }
      pageInfo { hasNextPage endCursor }
    }
    doneTasks(first: 10) { totalCount }
    ccToMe(first: 10, readStatus: UNREAD) { totalCount }
    initiated(first: 10) { totalCount }
  }
}`;
