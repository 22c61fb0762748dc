import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router'
import { loadSession, session, canAdminUsers } from './lib/session'

// Every page is its own chunk, loaded when first opened.
const routes: RouteRecordRaw[] = [
  { path: '/', redirect: '/tong-quan' },
  { path: '/dang-nhap', name: 'login', component: () => import('./views/LoginView.vue'), meta: { public: true, title: 'Đăng nhập' } },
  { path: '/xac-minh/:code?', name: 'verify', component: () => import('./views/VerifyView.vue'), meta: { public: true, title: 'Xác minh giấy chứng nhận' } },
  { path: '/tong-quan', name: 'dashboard', component: () => import('./views/DashboardView.vue'), meta: { title: 'Tổng quan' } },
  { path: '/ho', name: 'households', component: () => import('./views/HouseholdsView.vue'), meta: { title: 'Danh sách hộ' } },
  { path: '/ho/:id', name: 'household', component: () => import('./views/HouseholdView.vue'), meta: { title: 'Thông tin hộ' } },
  { path: '/ho/:id/sua', name: 'household-edit', component: () => import('./views/HouseholdEditView.vue'), meta: { title: 'Sửa thông tin hộ' } },
  { path: '/ra-soat', name: 'rounds', component: () => import('./views/RoundsView.vue'), meta: { title: 'Đợt rà soát' } },
  { path: '/ra-soat/:id', name: 'round', component: () => import('./views/RoundView.vue'), meta: { title: 'Kết quả rà soát' } },
  { path: '/ra-soat/:id/quy-trinh', name: 'procedure', component: () => import('./views/ProcedureView.vue'), meta: { title: 'Quy trình rà soát' } },
  { path: '/theo-doi', name: 'follow-up', component: () => import('./views/FollowUpView.vue'), meta: { title: 'Theo dõi hộ thoát nghèo' } },
  { path: '/ra-soat/:id/khao-sat/:household', name: 'survey', component: () => import('./views/SurveyView.vue'), meta: { title: 'Phiếu khảo sát hộ' } },
  { path: '/ke-hoach', name: 'plans', component: () => import('./views/PlansView.vue'), meta: { title: 'Kế hoạch' } },
  { path: '/bao-cao', name: 'reports', component: () => import('./views/ReportsView.vue'), meta: { title: 'Báo cáo' } },
  { path: '/bao-cao/:form/:period/:unit', name: 'report', component: () => import('./views/ReportView.vue'), meta: { title: 'Biểu báo cáo' } },
  { path: '/nhap-du-lieu', name: 'import', component: () => import('./views/ImportView.vue'), meta: { title: 'Nhập dữ liệu' } },
  { path: '/nguoi-dung', name: 'users', component: () => import('./views/UsersView.vue'), meta: { title: 'Người dùng', users: true } },
  { path: '/:rest(.*)*', name: 'not-found', component: () => import('./views/NotFoundView.vue'), meta: { title: 'Không tìm thấy' } },
]

export const router = createRouter({ history: createWebHistory(), routes })

router.beforeEach(async (to) => {
  if (!session.checked) await loadSession().catch(() => null)
  if (to.meta.public) return session.user && to.name === 'login' ? { path: '/tong-quan' } : true
  if (!session.user) return { name: 'login', query: to.fullPath !== '/tong-quan' ? { next: to.fullPath } : {} }
  if (to.meta.users && !canAdminUsers(session.user.role)) return { name: 'not-found', params: { rest: ['khong-co-quyen'] } }
  return true
})

router.afterEach((to) => {
  document.title = `${(to.meta.title as string) ?? ''} · Giảm nghèo bền vững`
})
