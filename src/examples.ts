/**
 * The README's example operations. GraphiQL opens with them, and a test runs them against the
 * sandbox and checks that the README quotes them verbatim.
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
