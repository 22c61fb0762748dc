import { createApp } from 'vue'
import { ElConfigProvider } from 'element-plus'
import 'element-plus/theme-chalk/base.css'
import './style.css'
import App from './App.vue'
import { router } from './router'
import { setUnauthorizedHandler } from './lib/api'
import { session } from './lib/session'
import { watchUnnamedControls } from './lib/a11y'
import { preparePrinting } from './lib/print'

setUnauthorizedHandler(() => {
  session.user = null
  if (router.currentRoute.value.name !== 'login')
    router.push({ name: 'login', query: { next: router.currentRoute.value.fullPath, het_phien: '1' } })
})

watchUnnamedControls()
preparePrinting()
createApp(App).component('ElConfigProvider', ElConfigProvider).use(router).mount('#app')
