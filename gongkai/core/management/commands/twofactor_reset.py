from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from gongkai.core.twofactor import reset_devices


class Command(BaseCommand):
    help = "手机令牌丢失时重置账号的双因素认证：删除其令牌，下次登录时重新启用。操作记入审计日志。"

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, **options):
        User = get_user_model()
        try:
            user = User.objects.get(username=options["username"])
        except User.DoesNotExist as exc:
            raise CommandError(f"没有用户名为 {options['username']} 的账号。") from exc
        count = reset_devices(user=user, by=None)
        self.stdout.write(self.style.SUCCESS(f"已重置 {user.get_username()} 的双因素认证（删除令牌 {count} 个）。"))
