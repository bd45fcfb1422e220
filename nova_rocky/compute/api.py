"""The compute API facade: what the REST handlers call.

``API`` accepts requests about servers, checks what can be checked in the
API process (flavor, image, key pair, quota, policy is the handler's job)
and hands the work on:

* ``create`` writes, for each new server, a RequestSpec, a BuildRequest
  and an InstanceMapping without a cell, in ONE API database transaction,
  then casts ``schedule_and_build_instances`` to the conductor.
* ``get`` / ``get_all`` read servers wherever they are: in a build request
  while scheduling, in a cell (cell0 for those that never scheduled)
  afterwards. Listing lives in ``instance_list``.
* ``delete`` removes a server still scheduling by deleting its build
  request (the conductor notices), destroys a server that never reached a
  compute in its cell database, and otherwise casts ``terminate_instance``
  to its compute.
"""

from oslo_log import log as logging
from oslo_utils import excutils
from oslo_utils import uuidutils

from nova_rocky.compute import boot
from nova_rocky.compute import instance_actions
from nova_rocky.compute import instance_list
from nova_rocky.compute import quotas
from nova_rocky.compute import rebuild_api
from nova_rocky.compute import server_actions
from nova_rocky.compute import state_checks
from nova_rocky.compute import task_states
from nova_rocky.compute import vm_states
from nova_rocky import conf
from nova_rocky import context as nova_context
from nova_rocky.db import api as db_api
from nova_rocky import exception
from nova_rocky import objects

LOG = logging.getLogger(__name__)
CONF = conf.CONF

HOST_UP = 'UP'
HOST_DOWN = 'DOWN'
HOST_MAINTENANCE = 'MAINTENANCE'
HOST_UNKNOWN = 'UNKNOWN'
HOST_NONE = ''


@db_api.api_writer
def _write_boot_records(context, request_specs, build_requests, mappings):
    """Store the boot records of every instance in one transaction."""
    for spec, build_request, mapping in zip(request_specs, build_requests,
                                            mappings):
        spec.create()
        build_request.create()
        mapping.create()


def _service_is_up(service):
    from nova_rocky.scheduler import utils as scheduler_utils
    return scheduler_utils.service_is_up(service)


class API(server_actions.ServerActionsMixin, rebuild_api.RebuildMixin):
    """Facade of the compute service for the REST API handlers.

    Server actions (power, lock, soft delete, restore) come from
    ``server_actions``; rebuild and evacuate from ``rebuild_api``.
    """

    def __init__(self, image_api=None):
        self._image_api = image_api
        self._conductor = None
        self._compute_rpcapi = None

    @property
    def image_api(self):
        if self._image_api is None:
            from nova_rocky.image import api as image_api
            self._image_api = image_api.API()
        return self._image_api

    @property
    def conductor(self):
        if self._conductor is None:
            from nova_rocky.conductor import rpcapi as conductor_rpcapi
            self._conductor = conductor_rpcapi.ComputeTaskAPI()
        return self._conductor

    @property
    def compute_rpcapi(self):
        if self._compute_rpcapi is None:
            from nova_rocky.compute import rpcapi as compute_rpcapi
            self._compute_rpcapi = compute_rpcapi.ComputeAPI()
        return self._compute_rpcapi

    # -- create ---------------------------------------------------------

    @staticmethod
    def parse_availability_zone(availability_zone):
        """``(zone, host, node)`` of ``zone[:host[:node]]`` (400 if bad)."""
        if not availability_zone or ':' not in availability_zone:
            return (availability_zone or CONF.default_schedule_zone,
                    None, None)
        parts = availability_zone.split(':')
        if len(parts) > 3:
            raise exception.InvalidInput(
                reason='Unable to parse availability_zone')
        zone, host, node = (parts + [None])[:3]
        return (zone or CONF.default_schedule_zone, host or None,
                node or None)

    def create(self, context, flavor, image_href, min_count=1, max_count=1,
               display_name=None, display_description=None, key_name=None,
               metadata=None, availability_zone=None, user_data=None,
               access_ip_v4=None, access_ip_v6=None, auto_disk_config=None,
               config_drive=None, admin_password=None, scheduler_hints=None,
               tags=None, forced_host=None, forced_node=None):
        """Accept a boot request; returns ``(instances, reservation_id)``.

        ``flavor`` is a Flavor object. Raises FlavorNotFound (disabled
        flavor), ImageNotFound, ImageNotActive, FlavorMemoryTooSmall,
        FlavorDiskTooSmall, ImageMetaPropsInvalid, KeypairNotFound,
        Invalid (user data) - all 400s at the API - or QuotaError /
        TooManyInstances (403).
        """
        min_count = min_count or 1
        max_count = max(max_count or min_count, min_count)
        boot.check_flavor(flavor)
        image = self.image_api.get(context, image_href)
        image_meta = boot.check_image(flavor, image)
        quotas.check_metadata(metadata)
        boot.check_user_data(user_data)
        key_data = None
        if key_name is not None:
            key_data = objects.KeyPair.get_by_name(
                context, context.user_id, key_name).public_key
        count = quotas.check_instances(context, flavor, min_count, max_count)
        group = boot.requested_group(context, scheduler_hints)
        resv_id = boot.reservation_id()
        options = {
            'user_id': context.user_id, 'project_id': context.project_id,
            'image_ref': image['id'], 'display_name': display_name,
            'display_description': display_description,
            'key_name': key_name, 'key_data': key_data,
            'user_data': user_data, 'metadata': metadata,
            'availability_zone': availability_zone,
            'access_ip_v4': access_ip_v4, 'access_ip_v6': access_ip_v6,
            'config_drive': boot.config_drive_value(config_drive),
            'auto_disk_config': bool(auto_disk_config),
            'reservation_id': resv_id, 'os_type': image_meta.properties.get(
                'os_type'), 'locked': False,
        }
        instances = [boot.new_instance(context, flavor, image, options,
                                       index, count)
                     for index in range(count)]
        if group is not None:
            # Members first (within [quota]server_group_members): a member
            # without boot records is harmless, a server outside its group
            # would break the policy.
            objects.InstanceGroup.add_members(
                context, group.uuid, [inst.uuid for inst in instances])
        try:
            specs, build_requests = self._store_boot_records(
                context, instances, flavor, image_meta, count,
                availability_zone, scheduler_hints, tags, forced_host,
                forced_node)
        except Exception:
            with excutils.save_and_reraise_exception():
                for inst in instances if group is not None else []:
                    objects.InstanceGroup.remove_instance(context, inst.uuid)
        self.conductor.schedule_and_build_instances(
            context, build_requests=build_requests, request_specs=specs,
            image=image, admin_password=admin_password, injected_files=[],
            requested_networks=None, block_device_mapping=None, tags=tags)
        return instances, resv_id

    def _store_boot_records(self, context, instances, flavor, image_meta,
                            count, availability_zone, scheduler_hints, tags,
                            forced_host, forced_node):
        specs, build_requests, mappings = [], [], []
        for instance in instances:
            specs.append(objects.RequestSpec.from_components(
                context, instance.uuid, image_meta, flavor, count,
                availability_zone, context.project_id, context.user_id,
                scheduler_hints=scheduler_hints,
                force_hosts=[forced_host] if forced_host else None,
                force_nodes=[forced_node] if forced_node else None))
            build_requests.append(objects.BuildRequest(
                context, instance=instance, instance_uuid=instance.uuid,
                project_id=context.project_id, tags=list(tags or [])))
            mappings.append(objects.InstanceMapping(
                context, instance_uuid=instance.uuid, cell_mapping=None,
                project_id=context.project_id, user_id=context.user_id))
        _write_boot_records(context, specs, build_requests, mappings)
        return specs, build_requests

    # -- read -------------------------------------------------------------

    @staticmethod
    def _mapping(context, instance_id):
        try:
            mapping = objects.InstanceMapping.get_by_instance_uuid(
                context, instance_id)
        except exception.InstanceMappingNotFound:
            raise exception.InstanceNotFound(instance_id=instance_id)
        # Other projects' servers do not exist for a non-admin.
        if not context.is_admin and mapping.project_id != context.project_id:
            raise exception.InstanceNotFound(instance_id=instance_id)
        return mapping

    @staticmethod
    def _building_instance(context, instance_id):
        try:
            return objects.BuildRequest.get_by_instance_uuid(
                context, instance_id)
        except exception.BuildRequestNotFound:
            return None

    def get(self, context, instance_id, expected_attrs=None):
        """The server ``instance_id``: InstanceNotFound (404) if unknown.

        A server still scheduling is the instance of its build request;
        otherwise it is read from its cell, targeted in ``_context``.
        """
        if not uuidutils.is_uuid_like(instance_id):
            raise exception.InstanceNotFound(instance_id=instance_id)
        mapping = self._mapping(context, instance_id)
        if mapping.cell_mapping is None:
            build_request = self._building_instance(context, instance_id)
            if build_request is not None:
                return build_request.instance
            # The conductor placed it in a cell since we read the mapping.
            mapping = self._mapping(context, instance_id)
            if mapping.cell_mapping is None:
                raise exception.InstanceNotFound(instance_id=instance_id)
        with nova_context.target_cell(context, mapping.cell_mapping) as cctxt:
            return objects.Instance.get_by_uuid(
                cctxt, instance_id, expected_attrs=expected_attrs)

    def get_build_request_tags(self, context, instance_uuids):
        """{uuid: tags} of the given servers that are still scheduling."""
        found = objects.BuildRequestList.get_by_filters(
            context, {'uuid': list(instance_uuids)})
        return {br.instance_uuid: list(br.tags) for br in found}

    def get_all(self, context, search_opts=None, limit=None, marker=None,
                expected_attrs=None, sort_keys=None, sort_dirs=None):
        """Servers matching ``search_opts`` (InstanceList filters).

        A non-admin only ever sees the servers of their own project.
        ``flavor`` is a flavor id; an unknown one matches nothing.
        Raises MarkerNotFound (400) for an unknown marker.
        """
        filters = dict(search_opts or {})
        if not context.is_admin:
            filters['project_id'] = context.project_id
        if 'flavor' in filters:
            try:
                filters['flavor'] = objects.Flavor.get_by_flavor_id(
                    context, filters['flavor']).id
            except exception.FlavorNotFound:
                return []
        return instance_list.get_instance_objects_sorted(
            context, filters, limit, marker, expected_attrs, sort_keys,
            sort_dirs)

    def get_instances_host_statuses(self, instances):
        """{uuid: host status} of instances read from their cells.

        UP, DOWN (forced down), MAINTENANCE (disabled), UNKNOWN (no recent
        heartbeat) or '' (no host); one service query per cell.
        """
        services = {}
        statuses = {}
        for instance in instances:
            if not instance.obj_attr_is_set('host') or not instance.host:
                statuses[instance.uuid] = HOST_NONE
                continue
            ctxt = instance._context
            cell_key = getattr(ctxt, 'cell_uuid', None)
            if cell_key not in services:
                services[cell_key] = {
                    s.host: s for s in objects.ServiceList.get_all(
                        ctxt, binary='nova-compute')}
            service = services[cell_key].get(instance.host)
            statuses[instance.uuid] = self._host_status(service)
        return statuses

    @staticmethod
    def _host_status(service):
        if service is None:
            return HOST_NONE
        if service.forced_down:
            return HOST_DOWN
        if service.disabled:
            return HOST_MAINTENANCE
        return HOST_UP if _service_is_up(service) else HOST_UNKNOWN

    # -- update -----------------------------------------------------------

    def update_instance(self, context, instance, updates):
        """Set ``updates`` (field -> value) on the server and save it."""
        if not instance.obj_attr_is_set('id'):
            build_request = self._building_instance(context, instance.uuid)
            if build_request is not None:
                for name, value in updates.items():
                    setattr(build_request.instance, name, value)
                build_request.save()
                return build_request.instance
            instance = self.get(context, instance.uuid)
        for name, value in updates.items():
            setattr(instance, name, value)
        instance.save()
        return instance

    # -- delete -----------------------------------------------------------

    def delete(self, context, instance, force=False):
        """Delete a server (see the module docstring for the paths).

        With ``[DEFAULT]reclaim_instance_interval`` set, a server that ran
        on a compute that is up is only soft-deleted (restorable) unless
        ``force``. A locked server refuses non-admins (409).
        """
        if instance.obj_attr_is_set('id'):
            state_checks.check_instance_lock(context, instance)
        mapping = self._mapping(context, instance.uuid)
        # A deleted server leaves its group at once: it no longer counts
        # against the policy or the member quota.
        objects.InstanceGroup.remove_instance(context, instance.uuid)
        if mapping.cell_mapping is None:
            if self._delete_while_scheduling(context, instance.uuid):
                return
            mapping = self._mapping(context, instance.uuid)
        with nova_context.target_cell(context, mapping.cell_mapping) as cctxt:
            if not instance.obj_attr_is_set('id'):
                instance = objects.Instance.get_by_uuid(cctxt, instance.uuid)
            else:
                instance._context = cctxt
            if mapping.cell_mapping.is_cell0() or not instance.host or \
                    not self._compute_is_up(cctxt, instance.host):
                self._local_delete(context, cctxt, instance, mapping)
                return
            if not force and self._may_soft_delete(instance):
                self._soft_delete(context, instance)
                return
            instance.task_state = task_states.DELETING
            instance.progress = 0
            # NOTE: no expected_task_state: a delete wins over whatever task
            # is in flight (a build, a reboot), as upstream; the compute
            # aborts its task when it sees the instance deleted.
            instance.save()
            server_actions.record_action(instance, instance_actions.DELETE)
            self.compute_rpcapi.terminate_instance(cctxt, instance, bdms=[],
                                                   delete_type='delete')

    def _may_soft_delete(self, instance):
        # A server that never ran has nothing worth restoring.
        return (self.soft_delete_enabled() and
                instance.launched_at is not None and
                instance.vm_state != vm_states.SOFT_DELETED and
                instance.task_state is None)

    @staticmethod
    def _delete_while_scheduling(context, instance_uuid):
        """Delete the boot records of a server not yet in a cell.

        Returns False when the build request is gone already (the conductor
        just moved the server into a cell).
        """
        try:
            objects.BuildRequest(context,
                                 instance_uuid=instance_uuid).destroy()
        except exception.BuildRequestNotFound:
            return False
        # The conductor sees the missing mapping and drops the allocations.
        for cls in (objects.InstanceMapping, objects.RequestSpec):
            try:
                cls.get_by_instance_uuid(context, instance_uuid).destroy()
            except (exception.InstanceMappingNotFound,
                    exception.RequestSpecNotFound):
                pass
        return True

    @staticmethod
    def _compute_is_up(cctxt, host):
        try:
            service = objects.Service.get_by_host_and_binary(
                cctxt, host, 'nova-compute')
        except exception.NotFound:
            return False
        return _service_is_up(service)

    @staticmethod
    def _local_delete(context, cctxt, instance, mapping):
        """Destroy a server no compute holds (cell0, no host, host down)."""
        LOG.info('Deleting instance %s locally (host %s)', instance.uuid,
                 instance.host)
        instance.destroy()
        mapping.queued_for_delete = True
        mapping.save()
        try:
            objects.RequestSpec.get_by_instance_uuid(context,
                                                     instance.uuid).destroy()
        except exception.RequestSpecNotFound:
            pass
        if mapping.cell_mapping.is_cell0():
            return  # Never scheduled: nothing claimed in placement.
        try:
            from nova_rocky.scheduler.client import report
            report.get_client().delete_allocation_for_instance(
                context, instance.uuid)
        except Exception:
            LOG.exception('Could not delete the allocations of %s',
                          instance.uuid)
